package dev.dmasim.workloads.lang;

/**
 * A token. {@code value} and {@code dim} are set for numbers (value in the base unit);
 * {@code width}, {@code height}, {@code hz} for resolutions and modes; {@code text} is the
 * source text (for strings: the unescaped content). A number the lexer rejected (and
 * reported) has a null {@code dim}.
 */
public record Token(TokenKind kind, String text, int start, int end, Pos pos,
                    long value, Dim dim, long width, long height, long hz) {

    static Token simple(TokenKind kind, String text, int start, int end, Pos pos) {
        return new Token(kind, text, start, end, pos, 0, null, 0, 0, 0);
    }

    /** How the token is named in messages. */
    public String shown() {
        switch (kind) {
            case NAME: return "'" + text + "'";
            case NUMBER: case RESOLUTION: case MODE: return "'" + text + "'";
            case STRING: return "string \"" + text + "\"";
            default: return kind.shown();
        }
    }
}
