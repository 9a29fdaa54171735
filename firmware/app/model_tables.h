// wafer_nb firmware: the lookup tables of a run's preprocessing, generated into model_tables.c.
#pragma once
#include <stdint.h>
#include "model_settings.h"
#ifdef __cplusplus
extern "C" {
#endif
extern const int8_t wnb_gray_q[256];  // quantize(p / 255) for p = 0 … 255 (image runs)
#if WNB_ENCODING_RADIUS
extern const int8_t wnb_radius_q[WNB_INPUT_SIZE * WNB_INPUT_SIZE];  // the quantized radius channel
#endif
#ifdef __cplusplus
}
#endif
