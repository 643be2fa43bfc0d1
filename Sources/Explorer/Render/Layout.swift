/// Where things go on screen. Shared by the renderer and the reducer (which needs page sizes).
///
/// Row 0 header (sources, clock), row 1 pane tabs and title, rows 2…h-3 the pane body,
/// row h-2 breadcrumbs and flash, row h-1 key hints or the `/` `:` prompt.
public struct Layout: Sendable, Hashable {
    public static let minimum = TermSize(cols: 60, rows: 16)
    public let size: TermSize
    public init(size: TermSize) { self.size = size }

    public var tooSmall: Bool { size.cols < Layout.minimum.cols || size.rows < Layout.minimum.rows }
    public var bodyTop: Int { 2 }
    public var bodyHeight: Int { max(1, size.rows - 4) }
    /// Services table rows below its column header.
    public var tableRows: Int { max(1, bodyHeight - 1) }
    public var crumbRow: Int { size.rows - 2 }
    public var hintRow: Int { size.rows - 1 }
}
