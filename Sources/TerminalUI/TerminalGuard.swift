import CNCursesW
import Foundation

/// Puts the terminal back on every way out: normal quit (`CursesScreen.shutdown`), `exit()` from
/// anywhere (atexit), and crashes — SIGSEGV, SIGILL (Swift traps), SIGABRT… — through the
/// async-signal-safe handler in the C shim. SIGINT/SIGTERM/SIGWINCH are Dispatch sources in
/// `ExplorerApp`, handled on the main queue like any other event.
enum TerminalGuard {
    static func arm() {
        ntl_arm_crash_restore()
        atexit {
            // endwin is safe here: atexit handlers run on the thread that called exit().
            if !isendwin() { endwin() }
        }
    }

    static func disarm() { ntl_disarm_crash_restore() }
}
