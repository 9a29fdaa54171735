// wafer_nb firmware: one prediction, as `wafer_nb predict` makes it, on any board.
#pragma once
#include <stdint.h>
#include "model_settings.h"
#ifdef __cplusplus
extern "C" {
#endif

// What one input's inference gives the application (the columns of `wafer_nb predict`): the label, whether
// the input is unlike the training data, the novelty that flag thresholds, and what it cost.
typedef struct {
  int label;        // index into wnb_labels: the largest summed score (single-label)
  int unknown;      // 1 when flagged unknown (the run's threshold, WNB_UNKNOWN_BELOW_SUM)
  float novelty;    // higher = less like the training data: minus the dequantized mean `known` output, else one
                    // minus the calibrated confidence (wafer_nb.runs.novelty_of)
  int32_t sum[WNB_NUM_CLASSES + 1];  // int8 outputs summed over the views, then `known` (if any)
  uint64_t cycles;  // the board's counter over the WNB_VIEWS invokes (wnb_board_cycles_unit)
} wnb_result_t;

// Status of wnb_app_init and wnb_classify_tensor.
enum { WNB_OK = 0, WNB_ERR_OPS = 1, WNB_ERR_ALLOC = 2, WNB_ERR_INVOKE = 3, WNB_ERR_INPUT = 4 };

int wnb_app_init(void);                 // the interpreter over the model array and the arena
int wnb_arena_used(void);               // bytes of the arena the model took
int8_t* wnb_input_buffer(void);         // where a preprocessed input goes (WNB_INPUT_BYTES)
// Classify the input in wnb_input_buffer(): one Invoke a view, the int8 outputs summed.
int wnb_classify(wnb_result_t* out);
// Preprocess a raw map (or image) into the input, then classify it.
int wnb_classify_raw(const uint8_t* dies, int h, int w, wnb_result_t* out);
// `x` with four decimals into buf (printf's %f is missing on some targets).
const char* wnb_fixed4(float x, char* buf, int n);

// Per-operator cost, summed over every Invoke since the last reset (the profile TFLite Micro reports).
int wnb_profile_ops(void);
const char* wnb_profile_tag(int op);
uint64_t wnb_profile_cycles(int op);
uint64_t wnb_profile_invokes(void);
uint64_t wnb_profile_total(void);
#ifdef __cplusplus
}
#endif
