import Foundation

/// A frame as SVG for the README: one `<text>` per run of same-styled cells, background rects
/// where a role has a background. The terminal's own colours become a dark (or light) default.
public enum SVGExport {
    public static func render(_ grid: CellGrid, theme: Theme, light: Bool = false) -> String {
        let cw = 8.4, ch = 18.0
        let defaultFG = light ? "#1c1c1c" : "#d0d0d0", defaultBG = light ? "#fdfdfd" : "#1d1f21"
        let w = Double(grid.width) * cw + 16, h = Double(grid.height) * ch + 16
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(fmt(w))" height="\(fmt(h))" viewBox="0 0 \(fmt(w)) \(fmt(h))">
        <rect width="100%" height="100%" rx="6" fill="\(defaultBG)"/>
        <g font-family="'DejaVu Sans Mono','Menlo','Consolas',monospace" font-size="14" xml:space="preserve">

        """
        for y in 0..<grid.height {
            var x = 0
            while x < grid.width {
                let style = grid[x, y].style
                var end = x
                var text = ""
                while end < grid.width && grid[end, y].style == style {
                    text += grid[end, y].grapheme
                    end += 1
                }
                let look = theme.resolve(style)
                var fg = look.fg.hex ?? defaultFG
                var bg = look.bg.hex
                if look.attributes.contains(.reverse) { (fg, bg) = (bg ?? defaultBG, fg) }
                let px = 8 + Double(x) * cw, py = 8 + Double(y) * ch
                if let bg {
                    out += "<rect x=\"\(fmt(px))\" y=\"\(fmt(py))\" width=\"\(fmt(Double(end - x) * cw))\" height=\"\(fmt(ch))\" fill=\"\(bg)\"/>\n"
                }
                if !text.allSatisfy({ $0 == " " }) {
                    var attrs = "x=\"\(fmt(px))\" y=\"\(fmt(py + 13.5))\" fill=\"\(fg)\""
                    if look.attributes.contains(.bold) { attrs += " font-weight=\"bold\"" }
                    if look.attributes.contains(.dim) { attrs += " fill-opacity=\"0.6\"" }
                    if look.attributes.contains(.underline) { attrs += " text-decoration=\"underline\"" }
                    out += "<text \(attrs) textLength=\"\(fmt(Double(end - x) * cw))\">\(escape(text))</text>\n"
                }
                x = end
            }
        }
        out += "</g>\n</svg>\n"
        return out
    }

    static func fmt(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    static func escape(_ s: String) -> String {
        var o = ""
        for c in s {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            default: o.append(c)
            }
        }
        return o
    }
}
