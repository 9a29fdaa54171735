// wafer_nb firmware: the run's test vectors, generated into test_vectors.cc.
#pragma once
#include <stdint.h>
#include "model_settings.h"
extern const int wnb_num_vectors;
extern const int wnb_vector_h[];
extern const int wnb_vector_w[];
extern const int wnb_vector_offset[];
extern const uint8_t wnb_vector_dies[];
extern const int32_t wnb_vector_expected[][WNB_EXPECTED_WIDTH];
