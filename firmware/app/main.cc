// wafer_nb firmware: the self-test (every test vector through preprocessing and TFLite Micro, compared with
// the outputs the notebook computed), the cost per operator, then predictions over the serial link.
#include <stdio.h>
#include "wnb_board.h"
#include "model_settings.h"
#include "protocol.h"
#include "tensorflow/lite/micro/micro_log.h"
#include "tensorflow/lite/micro/system_setup.h"
#include "test_vectors.h"
#include "wnb_app.h"

// Run vector k: preprocess, classify, compare the sums with the expected ones, print. 1 when it matches.
static int wnb_check_vector(int k) {
  wnb_result_t res;
  const uint8_t* dies = wnb_vector_dies + wnb_vector_offset[k];
  const int st = wnb_classify_raw(dies, wnb_vector_h[k], wnb_vector_w[k], &res);
  if (st != WNB_OK) { MicroPrintf("vector %d: %s", k, st == WNB_ERR_INPUT ? "bad map" : "Invoke failed"); return 0; }
  bool ok = true;
  char scores[12 * WNB_NUM_CLASSES + 32];
  int pos = 0;
  for (int c = 0; c < WNB_NUM_CLASSES; ++c) {
    ok = ok && res.sum[c] == wnb_vector_expected[k][c];
    pos += snprintf(scores + pos, sizeof scores - pos, " %d", (int)res.sum[c]);
  }
#if WNB_HAS_KNOWN
  ok = ok && res.sum[WNB_NUM_CLASSES] == wnb_vector_expected[k][WNB_NUM_CLASSES];
  snprintf(scores + pos, sizeof scores - pos, ", known %d", (int)res.sum[WNB_NUM_CLASSES]);
#endif
  char nov[24];
  MicroPrintf("vector %d: %s%s, novelty %s, int8 scores%s: %s", k, wnb_labels[res.label],
              res.unknown ? " (UNKNOWN)" : "", wnb_fixed4(res.novelty, nov, sizeof nov), scores, ok ? "PASS" : "FAIL");
  return ok;
}

// What an inference cost, per operator and in all, in the board's unit (QEMU: instructions; RT1170: cycles).
static void wnb_print_profile(void) {
  const uint64_t runs = wnb_profile_invokes();
  if (!runs || wnb_board_cycles_source == WNB_CYCLES_NONE) return;
  for (int i = 0; i < wnb_profile_ops(); ++i)
    MicroPrintf("op %d %s: %u %s per inference", i, wnb_profile_tag(i), (unsigned)(wnb_profile_cycles(i) / runs),
                wnb_board_cycles_unit);
  MicroPrintf("%s per inference: %u (%s, counter of %s; %d inferences per map)", wnb_board_cycles_unit,
              (unsigned)(wnb_profile_total() / runs), wnb_board_cycles_unit, wnb_board_name, WNB_VIEWS);
}

int main(void) {
  wnb_board_init();
  tflite::InitializeTarget();
  if (wnb_app_init() != WNB_OK) { wnb_board_exit(2); return 2; }
  MicroPrintf("wafer_nb on %s: arena used %d of %d bytes", wnb_board_name, wnb_arena_used(), WNB_TENSOR_ARENA_SIZE);
  int passed = 0;
  for (int k = 0; k < wnb_num_vectors; ++k) passed += wnb_check_vector(k);
  wnb_print_profile();
  const int failed = wnb_num_vectors - passed;
  MicroPrintf("%d passed, %d failed", passed, failed);
  if (wnb_board_serial_open() == 0) {
    MicroPrintf("serving wafer_nb protocol %d", WNB_PROTOCOL_VERSION);
    wnb_serve();
  }
  wnb_board_exit(failed ? 1 : 0);
  return failed ? 1 : 0;
}
