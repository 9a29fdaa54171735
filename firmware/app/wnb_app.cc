// wafer_nb firmware: the interpreter, the views and the result of one input.
#include "wnb_app.h"
#include <stdio.h>
#include <string.h>
#include "wnb_board.h"
#include "model_data.h"
#include "op_resolver.h"
#include "preprocess.h"
#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_log.h"
#include "tensorflow/lite/micro/micro_profiler_interface.h"
#include "tensorflow/lite/schema/schema_generated.h"

#ifndef WNB_ARENA_SECTION  // a board may place the arena (the RT1170 puts it in DTCM)
#define WNB_ARENA_SECTION
#endif
alignas(16) static uint8_t tensor_arena[WNB_TENSOR_ARENA_SIZE] WNB_ARENA_SECTION;
#if WNB_VIEWS > 1
// the preprocessed input; each orientation is copied from it into the input tensor
static int8_t wnb_base[WNB_INPUT_BYTES];
#endif

// The board's counter around every operator: TFLite Micro calls BeginEvent/EndEvent around each operator's
// Invoke, in graph order; operator i's counts are summed over every inference.
class WnbOpProfiler : public tflite::MicroProfilerInterface {
 public:
  static const int kMaxOps = 128;
  const char* tag[kMaxOps] = {};
  uint64_t total[kMaxOps] = {};
  uint64_t start[kMaxOps] = {};
  int next = 0, ops = 0;
  uint64_t invokes = 0, invoke_total = 0;
  uint32_t BeginEvent(const char* t) override {
    const int i = next++;
    if (i < kMaxOps) { tag[i] = t; start[i] = wnb_board_cycles(); }
    return (uint32_t)i;
  }
  void EndEvent(uint32_t i) override {
    if (i < (uint32_t)kMaxOps) total[i] += wnb_board_cycles() - start[i];
  }
  void EndInvoke(uint64_t cycles) { ops = next; next = 0; ++invokes; invoke_total += cycles; }
};
static WnbOpProfiler wnb_profiler;

static tflite::MicroInterpreter* wnb_interpreter = nullptr;

int wnb_app_init(void) {
  const tflite::Model* model = tflite::GetModel(g_model_data);
  static WnbOpResolver resolver;
  if (wnb_register_ops(resolver) != kTfLiteOk) { MicroPrintf("op registration failed"); return WNB_ERR_OPS; }
  static tflite::MicroInterpreter interpreter(model, resolver, tensor_arena, WNB_TENSOR_ARENA_SIZE, nullptr,
                                              &wnb_profiler);
  if (interpreter.AllocateTensors() != kTfLiteOk) { MicroPrintf("AllocateTensors failed"); return WNB_ERR_ALLOC; }
  wnb_interpreter = &interpreter;
  return WNB_OK;
}

int wnb_arena_used(void) { return wnb_interpreter ? (int)wnb_interpreter->arena_used_bytes() : 0; }

int8_t* wnb_input_buffer(void) {
#if WNB_VIEWS > 1
  return wnb_base;
#else
  return wnb_interpreter->input(0)->data.int8;
#endif
}

static float wnb_dequant_mean(int32_t sum, float scale, int zero_point) {
  return ((float)sum / WNB_VIEWS - zero_point) * scale;
}

// The label, the flag and the novelty from the summed outputs, as wafer_nb.runs computes them from the file's.
static void wnb_decide(wnb_result_t* r) {
  const int32_t* sum = r->sum;
  r->label = 0;
  for (int c = 1; c < WNB_NUM_CLASSES; ++c) if (sum[c] > sum[r->label]) r->label = c;
#if WNB_HAS_KNOWN
  r->unknown = sum[WNB_NUM_CLASSES] < WNB_UNKNOWN_BELOW_SUM;
  r->novelty = -wnb_dequant_mean(sum[WNB_NUM_CLASSES], WNB_KNOWN_SCALE, WNB_KNOWN_ZERO_POINT);
#elif !WNB_MULTILABEL
  r->unknown = sum[r->label] < WNB_UNKNOWN_BELOW_SUM;
  r->novelty = 1.0f - wnb_dequant_mean(sum[r->label], WNB_OUTPUT_SCALE, WNB_OUTPUT_ZERO_POINT);
#else
  float conf = 1.0f;  // the predicted pattern set's probability
  for (int c = 0; c < WNB_NUM_CLASSES; ++c) {
    const float p = wnb_dequant_mean(sum[c], WNB_OUTPUT_SCALE, WNB_OUTPUT_ZERO_POINT);
    conf *= p >= 0.5f ? p : 1.0f - p;
  }
  r->unknown = 0;
  r->novelty = 1.0f - conf;
#endif
}

int wnb_classify(wnb_result_t* r) {
  memset(r, 0, sizeof *r);
  TfLiteTensor* output = wnb_interpreter->output(WNB_SCORES_OUTPUT);
#if WNB_HAS_KNOWN
  TfLiteTensor* known = wnb_interpreter->output(WNB_KNOWN_OUTPUT);
#endif
  for (int v = 0; v < WNB_VIEWS; ++v) {
#if WNB_VIEWS > 1
    wnb_view(wnb_base, v, wnb_interpreter->input(0)->data.int8);
#endif
    const uint64_t t0 = wnb_board_cycles();
    const bool ok = wnb_interpreter->Invoke() == kTfLiteOk;
    const uint64_t dt = wnb_board_cycles() - t0;
    r->cycles += dt;
    wnb_profiler.EndInvoke(dt);
    if (!ok) return WNB_ERR_INVOKE;
    for (int c = 0; c < WNB_NUM_CLASSES; ++c) r->sum[c] += output->data.int8[c];
#if WNB_HAS_KNOWN
    r->sum[WNB_NUM_CLASSES] += known->data.int8[0];
#endif
  }
  wnb_decide(r);
  return WNB_OK;
}

int wnb_classify_raw(const uint8_t* dies, int h, int w, wnb_result_t* r) {
  if (wnb_preprocess(dies, h, w, wnb_input_buffer()) != 0) return WNB_ERR_INPUT;
  return wnb_classify(r);
}

const char* wnb_fixed4(float x, char* buf, int n) {
  const long v = (long)(x * 10000.0f + (x < 0 ? -0.5f : 0.5f));
  const long a = v < 0 ? -v : v;
  snprintf(buf, n, "%s%ld.%04ld", v < 0 ? "-" : "", a / 10000, a % 10000);
  return buf;
}

int wnb_profile_ops(void) { return wnb_profiler.ops < WnbOpProfiler::kMaxOps ? wnb_profiler.ops : WnbOpProfiler::kMaxOps; }
const char* wnb_profile_tag(int op) { return wnb_profiler.tag[op]; }
uint64_t wnb_profile_cycles(int op) { return wnb_profiler.total[op]; }
uint64_t wnb_profile_invokes(void) { return wnb_profiler.invokes; }
uint64_t wnb_profile_total(void) { return wnb_profiler.invoke_total; }
