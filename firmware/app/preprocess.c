// wafer_nb firmware: the C twin of wafer_nb.firmware.preprocess_py (checked against it byte for byte).
#include "preprocess.h"
#include "model_settings.h"
#include "model_tables.h"

#if WNB_IMAGE
int wnb_preprocess(const uint8_t* img, int h, int w, int8_t* out) {
  if (h != WNB_INPUT_SIZE || w != WNB_INPUT_SIZE) return -1;  /* images come at the model's input size */
  for (int k = 0; k < h * w; ++k) out[k] = wnb_gray_q[img[k]];  /* quantize(p / 255) */
  return 0;
}
#else
/* Nearest-die sampling as resize_map: output cell i reads die (2i+1)*h / (2*WNB_INPUT_SIZE). */
int wnb_preprocess(const uint8_t* map, int h, int w, int8_t* out) {
  if (h < 2 || w < 2) return -1;
  int dies = 0;
  for (int k = 0; k < h * w; ++k) {
    if (map[k] > 2) return -2;
    dies += map[k] > 0;
  }
  if (!dies) return -3;
  for (int i = 0; i < WNB_INPUT_SIZE; ++i) {
    const int r = (2 * i + 1) * h / (2 * WNB_INPUT_SIZE);
    for (int j = 0; j < WNB_INPUT_SIZE; ++j) {
      const int c = (2 * j + 1) * w / (2 * WNB_INPUT_SIZE);
      const uint8_t v = map[r * w + c];
      int8_t* o = out + (i * WNB_INPUT_SIZE + j) * WNB_INPUT_CHANNELS;
      o[0] = v > 0 ? WNB_Q_ONE : WNB_Q_ZERO;
      o[1] = v == 2 ? WNB_Q_ONE : WNB_Q_ZERO;
#if WNB_ENCODING_RADIUS
      o[2] = wnb_radius_q[i * WNB_INPUT_SIZE + j];
#endif
    }
  }
  return 0;
}
#endif

void wnb_view(const int8_t* in, int v, int8_t* out) {
  const int n = WNB_INPUT_SIZE - 1;
  for (int i = 0; i < WNB_INPUT_SIZE; ++i) {
    for (int j = 0; j < WNB_INPUT_SIZE; ++j) {
      int r = i, c = j;
      for (int k = 0; k < v % 4; ++k) { const int t = r; r = c; c = n - t; }  /* a quarter turn: out[r][c] = in[c][n - r] */
      if (v >= 4) c = n - c;                                                    /* the mirror image: columns reversed */
      const int8_t* s = in + (r * WNB_INPUT_SIZE + c) * WNB_INPUT_CHANNELS;
      int8_t* o = out + (i * WNB_INPUT_SIZE + j) * WNB_INPUT_CHANNELS;
      for (int ch = 0; ch < WNB_INPUT_CHANNELS; ++ch) o[ch] = s[ch];
    }
  }
}
