// wafer_nb firmware, board layer: the host (Linux or macOS), for the self-test and for testing the protocol.
// The serial link is WNB_SERIAL: "fd:N" (an inherited descriptor, e.g. a pseudo-terminal's master) or
// "tcp:PORT" (listen on 127.0.0.1:PORT and serve one client after another, as a board stays up); without it
// the program only self-tests.
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "wnb_board.h"

const char* const wnb_board_name = "host";
const int wnb_board_cycles_source = WNB_CYCLES_HOST_NS;
const char* const wnb_board_cycles_unit = "ns";
static int wnb_fd = -1, wnb_listen = -1;

void wnb_board_init(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
void wnb_board_log(const char* text) { fputs(text, stderr); }

uint64_t wnb_board_cycles(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int listen_on(int port) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET; a.sin_port = htons((uint16_t)port); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (s < 0 || bind(s, (struct sockaddr*)&a, sizeof a) != 0 || listen(s, 1) != 0) return -1;
  return s;
}

int wnb_board_serial_open(void) {
  const char* spec = getenv("WNB_SERIAL");
  if (!spec) return -1;
  if (!strncmp(spec, "fd:", 3)) {
    wnb_fd = atoi(spec + 3);
    struct termios t;
    if (tcgetattr(wnb_fd, &t) == 0) { cfmakeraw(&t); tcsetattr(wnb_fd, TCSANOW, &t); }  // bytes as they are
  } else if (!strncmp(spec, "tcp:", 4)) {
    wnb_listen = listen_on(atoi(spec + 4));
    wnb_fd = wnb_listen < 0 ? -1 : accept(wnb_listen, NULL, NULL);
  }
  return wnb_fd >= 0 ? 0 : -1;
}

int wnb_board_serial_getc(void) {
  uint8_t b;
  while (read(wnb_fd, &b, 1) != 1) {  // a client left: over TCP, wait for the next one
    if (wnb_listen < 0) return -1;
    close(wnb_fd);
    if ((wnb_fd = accept(wnb_listen, NULL, NULL)) < 0) return -1;
  }
  return b;
}

void wnb_board_serial_write(const uint8_t* data, int n) {
  while (n > 0) {
    const ssize_t k = write(wnb_fd, data, (size_t)n);
    if (k <= 0) return;
    data += k; n -= (int)k;
  }
}

void wnb_board_exit(int code) { exit(code); }
