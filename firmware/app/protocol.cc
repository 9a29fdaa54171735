// wafer_nb firmware: frames in, predictions out (protocol.h).
#include "protocol.h"
#include <string.h>
#include "wnb_board.h"
#include "model_data.h"
#include "model_settings.h"
#include "wnb_app.h"

uint32_t wnb_crc32(uint32_t crc, const uint8_t* data, uint32_t n) {
  crc = ~crc;
  for (uint32_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

static void put_u16(uint8_t* p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put_u32(uint8_t* p, uint32_t v) { put_u16(p, v); put_u16(p + 2, v >> 16); }
static uint32_t get_u32(const uint8_t* p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24); }

static void send_frame(uint8_t type, const uint8_t* payload, uint32_t n) {
  uint8_t head[8] = {WNB_SYNC0, WNB_SYNC1, WNB_PROTOCOL_VERSION, type};
  put_u32(head + 4, n);
  uint32_t crc = wnb_crc32(wnb_crc32(0, head + 2, 6), payload, n);
  uint8_t tail[4];
  put_u32(tail, crc);
  wnb_board_serial_write(head, 8);
  wnb_board_serial_write(payload, (int)n);
  wnb_board_serial_write(tail, 4);
}

static void send_error(uint8_t code, const char* text) {
  uint8_t buf[64] = {code};
  const uint32_t n = (uint32_t)strlen(text) < sizeof buf - 1 ? (uint32_t)strlen(text) : sizeof buf - 1;
  memcpy(buf + 1, text, n);
  send_frame(WNB_MSG_ERROR, buf, n + 1);
}

static void send_info(void) {
  uint8_t buf[24 + 64] = {0};
  buf[0] = WNB_PROTOCOL_VERSION; buf[1] = (uint8_t)wnb_board_cycles_source; buf[2] = WNB_VIEWS;
  buf[3] = WNB_NUM_CLASSES; buf[4] = WNB_HAS_KNOWN; buf[5] = WNB_IMAGE; buf[6] = WNB_MULTILABEL;
  put_u16(buf + 8, WNB_INPUT_SIZE); put_u16(buf + 10, WNB_INPUT_CHANNELS);
  put_u32(buf + 12, WNB_INPUT_BYTES); put_u32(buf + 16, g_model_data_len);
  put_u32(buf + 20, wnb_crc32(0, g_model_data, g_model_data_len));
  uint32_t n = (uint32_t)strlen(wnb_board_name);
  if (n > 64) n = 64;
  memcpy(buf + 24, wnb_board_name, n);
  send_frame(WNB_MSG_INFO, buf, 24 + n);
}

static void send_result(const wnb_result_t* r) {
  uint8_t buf[16 + 4 * (WNB_NUM_CLASSES + 1)];
  const int n = WNB_NUM_CLASSES + WNB_HAS_KNOWN;
  buf[0] = (uint8_t)r->label; buf[1] = (uint8_t)r->unknown; buf[2] = (uint8_t)n;
  buf[3] = (uint8_t)wnb_board_cycles_source;
  uint32_t nov;
  memcpy(&nov, &r->novelty, 4);
  put_u32(buf + 4, nov);
  put_u32(buf + 8, (uint32_t)r->cycles); put_u32(buf + 12, (uint32_t)(r->cycles >> 32));
  for (int c = 0; c < n; ++c) put_u32(buf + 16 + 4 * c, (uint32_t)r->sum[c]);
  send_frame(WNB_MSG_RESULT, buf, 16 + 4 * n);
}

// The frame's payload, or an error frame; the largest payload is an input tensor.
static uint8_t wnb_payload[WNB_INPUT_BYTES + 4];

static int read_exact(uint8_t* p, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    const int b = wnb_board_serial_getc();
    if (b < 0) return -1;
    p[i] = (uint8_t)b;
  }
  return 0;
}

// Skip to the next 0xA5 0x5A; -1 when the link closed.
static int find_sync(void) {
  int prev = -1;
  for (;;) {
    const int b = wnb_board_serial_getc();
    if (b < 0) return -1;
    if (prev == WNB_SYNC0 && b == WNB_SYNC1) return 0;
    prev = b;
  }
}

static void answer(uint8_t type, uint32_t n) {
  if (type == WNB_MSG_HELLO) { send_info(); return; }
  if (type != WNB_MSG_INFER) { send_error(WNB_E_TYPE, "unknown message type"); return; }
  if (n != WNB_INPUT_BYTES) { send_error(WNB_E_LENGTH, "an input tensor is WNB_INPUT_BYTES bytes"); return; }
  memcpy(wnb_input_buffer(), wnb_payload, n);
  wnb_result_t r;
  if (wnb_classify(&r) != WNB_OK) { send_error(WNB_E_INVOKE, "Invoke failed"); return; }
  send_result(&r);
}

void wnb_serve(void) {
  for (;;) {
    uint8_t head[6];
    if (find_sync() < 0 || read_exact(head, 6) < 0) return;
    const uint32_t n = get_u32(head + 2);
    if (n > WNB_INPUT_BYTES) { send_error(WNB_E_LENGTH, "payload longer than an input tensor"); continue; }
    uint8_t tail[4];
    if (read_exact(wnb_payload, n) < 0 || read_exact(tail, 4) < 0) return;
    if (wnb_crc32(wnb_crc32(0, head, 6), wnb_payload, n) != get_u32(tail)) {
      send_error(WNB_E_CHECKSUM, "checksum mismatch");
      continue;
    }
    if (head[0] != WNB_PROTOCOL_VERSION) { send_error(WNB_E_VERSION, "protocol version differs"); continue; }
    answer(head[1], n);
  }
}
