extension StringProtocol {
    /// The text without leading and trailing whitespace (spaces, tabs, line breaks, stray carriage returns).
    package func trimmingWhitespace() -> String {
        let text = self[...]
        let start = text.firstIndex(where: { !$0.isWhitespace }) ?? text.endIndex
        let end = text.lastIndex(where: { !$0.isWhitespace }).map { text.index(after: $0) } ?? start
        return String(text[start..<end])
    }
}
