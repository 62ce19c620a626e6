package dev.dmasim.workloads.lang;

/** Kinds of tokens. */
public enum TokenKind {
    NAME("a name"), NUMBER("a number"), RESOLUTION("a resolution"), MODE("a mode"), STRING("a string"),
    LPAREN("'('"), RPAREN("')'"), LBRACKET("'['"), RBRACKET("']'"), LBRACE("'{'"), RBRACE("'}'"),
    COMMA("','"), ASSIGN("'='"), DOT("'.'"), DOTDOT("'..'"), SEMI("';'"), NEWLINE("end of line"),
    PLUS("'+'"), MINUS("'-'"), STAR("'*'"), SLASH("'/'"), PERCENT("'%'"), PIPE("'|'"), EOF("end of file");

    private final String shown;

    TokenKind(String shown) { this.shown = shown; }

    /** How the kind is named in "expected ..." messages. */
    public String shown() { return shown; }
}
