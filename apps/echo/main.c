/* echo: reads console lines and prints them back upper-cased, until a line
 * "quit" (or 3 lines). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <tock/console.h>

#define MAX_LINE 64
#define MAX_LINES 3

/* Reads one line without its newline; returns its length or a negative
 * returncode. */
static int read_line(char *line, int size) {
    int n = 0;
    for (;;) {
        int c = console_getch();
        if (c < 0) return c;
        if (c == '\n' || c == '\r') break;
        if (n < size - 1) line[n++] = (char)c;
    }
    line[n] = '\0';
    return n;
}

int main(void) {
    char line[MAX_LINE];
    printf("echo: type a line\n");
    for (int i = 0; i < MAX_LINES; i++) {
        int n = read_line(line, sizeof line);
        if (n < 0) {
            printf("echo: read failed (%d)\n", n);
            return 1;
        }
        if (strcmp(line, "quit") == 0) break;
        for (char *p = line; *p; p++) *p = (char)toupper((unsigned char)*p);
        printf("echo: %s\n", line);
    }
    printf("echo: bye\n");
    return 0;
}
