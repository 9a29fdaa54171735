// wafer_nb firmware: the serial protocol between `wafer_nb predict --device PORT` and a board.
//
// A frame: 0xA5 0x5A, version, type, payload length (u32 little-endian), payload, then the CRC-32 (zlib's,
// little-endian) of everything from the version byte to the payload's end. Bytes before a frame's first two
// (the boot messages of a board that shares its console with the link) are skipped.
//   HELLO  0x01, no payload            -> INFO   0x81 (wnb_info_t, then the board's name)
//   INFER  0x02, the int8 input tensor -> RESULT 0x82 (wnb_result_frame_t, then the int32 sums)
//   any error                          -> ERROR  0xFF (u8 code, then a message)
#pragma once
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
#define WNB_PROTOCOL_VERSION 1
#define WNB_SYNC0 0xA5
#define WNB_SYNC1 0x5A
enum { WNB_MSG_HELLO = 0x01, WNB_MSG_INFER = 0x02, WNB_MSG_INFO = 0x81, WNB_MSG_RESULT = 0x82, WNB_MSG_ERROR = 0xFF };
enum { WNB_E_CHECKSUM = 1, WNB_E_LENGTH = 2, WNB_E_TYPE = 3, WNB_E_VERSION = 4, WNB_E_INVOKE = 5 };

uint32_t wnb_crc32(uint32_t crc, const uint8_t* data, uint32_t n);  // zlib.crc32(data, crc)
// Answer frames on the board's serial link until it closes.
void wnb_serve(void);
#ifdef __cplusplus
}
#endif
