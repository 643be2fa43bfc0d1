/// Text from outside (spec files, providers, on-call names) is drawn only after this: escape
/// sequences are removed whole and other control characters become `?`, so a hostile or broken
/// value can neither move the cursor nor recolour the terminal.
public enum SafeText {
    public static func clean(_ text: String) -> String {
        // Fast path: plain printable text is returned as is.
        if !text.unicodeScalars.contains(where: isControl) { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            if s.value == 0x1B || s.value == 0x9B || s.value == 0x9D {
                skipEscape(after: s, in: &scalars)
            } else if isControl(s) {
                out.append(s.value == 0x09 ? " " : "?")
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0)
    }

    /// Consumes a CSI (`ESC [ … final`), OSC/DCS/APC string (up to BEL or ST) or a two-byte escape.
    private static func skipEscape(after first: Unicode.Scalar, in it: inout String.UnicodeScalarView.Iterator) {
        var kind: UInt32 = first.value == 0x9B ? 0x5B : (first.value == 0x9D ? 0x5D : 0)
        if kind == 0 {
            guard let next = it.next() else { return }
            kind = next.value
        }
        switch kind {
        case 0x5B: // CSI: parameters and intermediates, then one final byte 0x40–0x7E
            while let c = it.next() { if (0x40...0x7E).contains(c.value) { return } }
        case 0x5D, 0x50, 0x5F, 0x5E, 0x58: // OSC, DCS, APC, PM, SOS: until BEL or ESC \
            var sawEsc = false
            while let c = it.next() {
                if c.value == 0x07 { return }
                if sawEsc { return }
                sawEsc = c.value == 0x1B
            }
        default:
            return // two-character escape: already consumed
        }
    }
}
