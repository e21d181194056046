/* Formatting helpers for IPC trace lines: see ipc_trace.h. */
#include "ipc_trace.h"

static bool printable(uint8_t c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

void ipc_trace_quote(char *out, uint32_t cap, const uint8_t *bytes, uint32_t len)
{
    static const char hex[] = "0123456789abcdef";
    uint32_t n = 0;

    if (cap < 6) {              /* too small for even "" and the ellipsis */
        if (cap)
            out[0] = '\0';
        return;
    }
    while (len > 0 && bytes[len - 1] == 0)
        len--;
    out[n++] = '"';
    uint32_t i = 0;
    for (; i < len; i++) {
        uint32_t need = printable(bytes[i]) ? 1 : 4;
        if (n + need + 5 > cap)     /* keep room for the closing quote, "..." and NUL */
            break;
        if (need == 1) {
            out[n++] = (char)bytes[i];
        } else {
            out[n++] = '\\';
            out[n++] = 'x';
            out[n++] = hex[bytes[i] >> 4];
            out[n++] = hex[bytes[i] & 0xf];
        }
    }
    out[n++] = '"';
    if (i < len) {
        out[n++] = '.';
        out[n++] = '.';
        out[n++] = '.';
    }
    out[n] = '\0';
}
