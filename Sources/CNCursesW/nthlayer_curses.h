/* The only C the explorer sees. Swift 6 cannot use curses' macros or its global `stdscr`,
   so this header wraps them; it also holds the async-signal-safe emergency restore. */
#ifndef NTHLAYER_CURSES_H
#define NTHLAYER_CURSES_H
#define NCURSES_WIDECHAR 1          /* SwiftPM drops the -D flags pkg-config reports */
#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline attr_t ntl_attr_bold(void)      { return A_BOLD; }
static inline attr_t ntl_attr_dim(void)       { return A_DIM; }
static inline attr_t ntl_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t ntl_attr_reverse(void)   { return A_REVERSE; }
static inline attr_t ntl_attr_normal(void)    { return A_NORMAL; }

/* ioctl is variadic: Swift cannot call it. Returns 0 on success. */
static inline int ntl_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

/* Emergency restore for fatal signals: only async-signal-safe calls (write, tcsetattr, sigaction, raise).
   The terminal modes are saved before curses changes them. */
static struct termios ntl_saved_termios;
static int ntl_have_saved_termios = 0;
static volatile sig_atomic_t ntl_restore_armed = 0;

static inline void ntl_save_termios(void) {
    if (tcgetattr(STDIN_FILENO, &ntl_saved_termios) == 0) ntl_have_saved_termios = 1;
}

static inline void ntl_raw_restore(void) {
    /* leave the alternate screen, show the cursor, reset colours, disable mouse reporting */
    static const char seq[] = "\033[0m\033[?1000l\033[?1006l\033[?25h\033[?1049l\r\n";
    ssize_t ignored = write(STDOUT_FILENO, seq, sizeof seq - 1);
    (void)ignored;
    if (ntl_have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &ntl_saved_termios);
}

static inline void ntl_fatal_handler(int sig) {
    if (ntl_restore_armed) { ntl_restore_armed = 0; ntl_raw_restore(); }
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void ntl_arm_crash_restore(void) {
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE, SIGTRAP, SIGQUIT, SIGHUP };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = ntl_fatal_handler;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
    ntl_restore_armed = 1;
}

static inline void ntl_disarm_crash_restore(void) { ntl_restore_armed = 0; }
#endif
