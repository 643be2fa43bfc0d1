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

static inline int ntl_colors(void)      { return COLORS; }
static inline int ntl_color_pairs(void) { return COLOR_PAIRS; }

/* ioctl is variadic: Swift cannot call it. Returns 0 on success. */
static inline int ntl_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

/* Emergency restore for fatal signals: only async-signal-safe calls (write, tcgetattr, tcsetattr,
   sigaction, raise). Stateless on purpose: these static inline functions are emitted into every
   Swift object file that calls them, so a static variable here would not be shared. */
static inline void ntl_raw_restore(void) {
    /* reset colours, disable mouse reporting, show the cursor, leave the alternate screen */
    static const char seq[] = "\033[0m\033[?1000l\033[?1006l\033[?25h\033[?1049l\r\n";
    ssize_t ignored = write(STDOUT_FILENO, seq, sizeof seq - 1);
    (void)ignored;
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) == 0) {
        t.c_lflag |= (ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN);
        t.c_iflag |= (ICRNL | IXON);
        t.c_oflag |= (OPOST | ONLCR);
        tcsetattr(STDIN_FILENO, TCSANOW, &t);
    }
}

static inline void ntl_fatal_handler(int sig) {
    ntl_raw_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void ntl_set_crash_handlers(int install) {
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE, SIGTRAP, SIGQUIT, SIGHUP };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = install ? ntl_fatal_handler : SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

static inline void ntl_arm_crash_restore(void) { ntl_set_crash_handlers(1); }
static inline void ntl_disarm_crash_restore(void) { ntl_set_crash_handlers(0); }
#endif
