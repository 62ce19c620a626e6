package dev.dmasim.workloads.lang;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Turns script text into tokens on demand. Lexical errors go to the diagnostics and the
 * lexer goes on (a bad number becomes 0, a bad character is skipped), so the parser always
 * sees a well-formed token stream. Never recurses, never throws on any input.
 */
public final class Lexer {
    private final String src;
    private final Diagnostics diags;
    private final int[] lineStarts;
    private int i;

    public Lexer(String src, Diagnostics diags) {
        this.src = src;
        this.diags = diags;
        int n = 1;
        for (int k = 0; k < src.length(); k++) if (src.charAt(k) == '\n') n++;
        int[] starts = new int[n];
        int l = 1;
        for (int k = 0; k < src.length(); k++) if (src.charAt(k) == '\n') starts[l++] = k + 1;
        this.lineStarts = starts;
    }

    /** Line and column (1-based) of a character offset. */
    public Pos posAt(int offset) {
        int idx = Arrays.binarySearch(lineStarts, offset);
        int line = idx >= 0 ? idx : -idx - 2;
        return new Pos(line + 1, offset - lineStarts[line] + 1);
    }

    /** Continue lexing from {@code offset} (used after reading a raw value). */
    public void reset(int offset) { i = Math.min(offset, src.length()); }

    public int offset() { return i; }

    /** A raw {@code system} value: its text and where it starts and ends. */
    public record RawValue(String text, boolean quoted, Pos pos, int end) {}

    /**
     * Reads a {@code system} value as text from {@code offset}: everything up to the end of the
     * line, a {@code ;}, a {@code }} or a comment, trimmed; or a quoted string.
     */
    public RawValue rawValue(int offset) {
        int k = offset;
        while (k < src.length() && (src.charAt(k) == ' ' || src.charAt(k) == '\t' || src.charAt(k) == '\r')) k++;
        int start = k;
        if (k < src.length() && src.charAt(k) == '"') {
            i = k;
            Token t = string(k, posAt(k));
            return new RawValue(t.text(), true, posAt(start), i);
        }
        while (k < src.length()) {
            char c = src.charAt(k);
            if (c == '\n' || c == ';' || c == '}' || c == '#') break;
            k++;
        }
        int end = k;
        while (end > start && Character.isWhitespace(src.charAt(end - 1))) end--;
        return new RawValue(src.substring(start, end), false, posAt(start), k);
    }

    public Token next() {
        while (true) {
            if (i >= src.length()) return Token.simple(TokenKind.EOF, "", i, i, posAt(i));
            char c = src.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || (c == '\uFEFF' && i == 0)) { i++; continue; }
            if (c == '#') {
                while (i < src.length() && src.charAt(i) != '\n') i++;
                continue;
            }
            int start = i;
            Pos pos = posAt(i);
            if (c == '\n') { i++; return Token.simple(TokenKind.NEWLINE, "\n", start, i, pos); }
            if (isIdentStart(c)) {
                while (i < src.length() && isIdentPart(src.charAt(i))) i++;
                return Token.simple(TokenKind.NAME, src.substring(start, i), start, i, pos);
            }
            if (c >= '0' && c <= '9') return number(start, pos);
            if (c == '"') return string(start, pos);
            TokenKind k = null;
            switch (c) {
                case '(': k = TokenKind.LPAREN; break;
                case ')': k = TokenKind.RPAREN; break;
                case '[': k = TokenKind.LBRACKET; break;
                case ']': k = TokenKind.RBRACKET; break;
                case '{': k = TokenKind.LBRACE; break;
                case '}': k = TokenKind.RBRACE; break;
                case ',': k = TokenKind.COMMA; break;
                case '=': k = TokenKind.ASSIGN; break;
                case ';': k = TokenKind.SEMI; break;
                case '+': k = TokenKind.PLUS; break;
                case '-': k = TokenKind.MINUS; break;
                case '*': k = TokenKind.STAR; break;
                case '/': k = TokenKind.SLASH; break;
                case '%': k = TokenKind.PERCENT; break;
                case '|': k = TokenKind.PIPE; break;
                case '.':
                    if (i + 1 < src.length() && src.charAt(i + 1) == '.') {
                        i += 2;
                        return Token.simple(TokenKind.DOTDOT, "..", start, i, pos);
                    }
                    k = TokenKind.DOT;
                    break;
                default:
                    break;
            }
            if (k != null) {
                i++;
                return Token.simple(k, String.valueOf(c), start, i, pos);
            }
            int cp = src.codePointAt(i);
            i += Character.charCount(cp);
            diags.error(pos, "unexpected character " + showChar(cp));
        }
    }

    private static String showChar(int cp) {
        if (cp >= 0x21 && cp < 0x7f) return "'" + (char) cp + "'";
        return String.format("U+%04X", cp);
    }

    static boolean isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

    static boolean isIdentPart(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }

    private Token string(int start, Pos pos) {
        StringBuilder sb = new StringBuilder();
        i++; // opening quote
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') {
                diags.error(pos, "unterminated string");
                return new Token(TokenKind.STRING, sb.toString(), start, i, pos, 0, null, 0, 0, 0);
            }
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                return new Token(TokenKind.STRING, sb.toString(), start, i, pos, 0, null, 0, 0, 0);
            }
            if (c == '\\' && i + 1 < src.length() && src.charAt(i + 1) != '\n') {
                char e = src.charAt(i + 1);
                if (e == '"' || e == '\\') sb.append(e);
                else if (e == 'n') sb.append('\n');
                else if (e == 't') sb.append('\t');
                else diags.error(posAt(i), "unknown escape '\\" + e + "' in string");
                i += 2;
                continue;
            }
            sb.append(c);
            i++;
        }
    }

    private Token bad(int start, Pos pos, String message) {
        diags.error(pos, message);
        // skip the rest of the malformed literal so that one mistake gives one error
        while (i < src.length() && (isIdentPart(src.charAt(i)) || (src.charAt(i) == '.' && i + 1 < src.length()
                && Character.isDigit(src.charAt(i + 1))))) i++;
        return new Token(TokenKind.NUMBER, src.substring(start, i), start, i, pos, 0, null, 0, 0, 0);
    }

    private Token number(int start, Pos pos) {
        if (src.charAt(i) == '0' && i + 1 < src.length() && (src.charAt(i + 1) == 'x' || src.charAt(i + 1) == 'X')) {
            i += 2;
            int ds = i;
            while (i < src.length() && (isHex(src.charAt(i)) || src.charAt(i) == '_')) i++;
            String digits = src.substring(ds, i);
            if (i < src.length() && isIdentPart(src.charAt(i))) {
                // A unit cannot touch hex digits (0x1000B is a number): it follows after a blank.
                return bad(start, pos, "bad number '" + text(start) + "'; a hex number's unit follows after a blank, e.g. 0x1000 KiB");
            }
            if (!goodDigits(digits)) return bad(start, pos, "bad number '" + src.substring(start, i) + "'");
            BigInteger v = new BigInteger(digits.replace("_", ""), 16);
            if (v.bitLength() > 63) return bad(start, pos, "number too large: " + src.substring(start, i));
            Units.Unit unit = unitAfterBlanks();
            if (unit == null) return new Token(TokenKind.NUMBER, src.substring(start, i), start, i, pos, v.longValue(), Dim.COUNT, 0, 0, 0);
            return withUnit(new BigDecimal(v), unit, start, pos);
        }
        String whole = digits();
        if (!goodDigits(whole)) return bad(start, pos, "bad number '" + text(start) + "'");
        // resolution WxH and mode WxH@HZ
        if (i + 1 < src.length() && src.charAt(i) == 'x' && Character.isDigit(src.charAt(i + 1))) {
            i++;
            String h = digits();
            String hz = null;
            if (i + 1 < src.length() && src.charAt(i) == '@' && Character.isDigit(src.charAt(i + 1))) {
                i++;
                hz = digits();
            }
            if (i < src.length() && isIdentPart(src.charAt(i))) return bad(start, pos, "bad resolution '" + text(start) + "'");
            if (!goodDigits(h) || (hz != null && !goodDigits(hz))) return bad(start, pos, "bad resolution '" + src.substring(start, i) + "'");
            long w = small(whole), hh = small(h), f = hz == null ? 0 : small(hz);
            if (w <= 0 || hh <= 0 || (hz != null && f <= 0)) {
                return bad(start, pos, "resolution out of range: '" + src.substring(start, i) + "' (each part 1..65536)");
            }
            if (w > 65536 || hh > 65536 || f > 65536) {
                return bad(start, pos, "resolution out of range: '" + src.substring(start, i) + "' (each part 1..65536)");
            }
            return new Token(hz == null ? TokenKind.RESOLUTION : TokenKind.MODE, src.substring(start, i), start, i, pos, 0, null, w, hh, f);
        }
        String frac = null;
        if (i + 1 < src.length() && src.charAt(i) == '.' && Character.isDigit(src.charAt(i + 1))) {
            i++;
            frac = digits();
            if (!goodDigits(frac)) return bad(start, pos, "bad number '" + text(start) + "'");
        }
        int numEnd = i;
        Units.Unit unit = null;
        if (i < src.length() && Character.isLetter(src.charAt(i))) {
            int us = i;
            while (i < src.length() && isIdentPart(src.charAt(i))) i++;
            if (i + 1 < src.length() && src.charAt(i) == '/' && src.charAt(i + 1) == 's'
                    && (i + 2 >= src.length() || !isIdentPart(src.charAt(i + 2)))) i += 2;
            String u = src.substring(us, i);
            unit = Units.find(u);
            if (unit == null) {
                diags.error(posAt(us), "unknown unit '" + u + "'" + Names.didYouMean(Units.nearest(u)));
                return new Token(TokenKind.NUMBER, src.substring(start, i), start, i, pos, 0, null, 0, 0, 0);
            }
        } else {
            unit = unitAfterBlanks();
        }
        String text = src.substring(start, i);
        BigDecimal v = new BigDecimal(whole.replace("_", "") + (frac == null ? "" : "." + frac.replace("_", "")));
        if (unit == null) {
            if (frac != null) {
                diags.error(pos, "a number without a unit must be a whole number: '" + src.substring(start, numEnd) + "'");
                return new Token(TokenKind.NUMBER, text, start, i, pos, 0, null, 0, 0, 0);
            }
            if (v.toBigInteger().bitLength() > 63) {
                diags.error(pos, "number too large: " + text);
                return new Token(TokenKind.NUMBER, text, start, i, pos, 0, null, 0, 0, 0);
            }
            return new Token(TokenKind.NUMBER, text, start, i, pos, v.longValueExact(), Dim.COUNT, 0, 0, 0);
        }
        return withUnit(v, unit, start, pos);
    }

    /** A unit word after blanks ("5000 cycles", "100 ns", "0x1000 KiB"), taken if there is one; else null. */
    private Units.Unit unitAfterBlanks() {
        int k = i;
        while (k < src.length() && (src.charAt(k) == ' ' || src.charAt(k) == '\t')) k++;
        if (k == i || k >= src.length() || !Character.isLetter(src.charAt(k))) return null;
        int e = k;
        while (e < src.length() && isIdentPart(src.charAt(e))) e++;
        if (e + 1 < src.length() && src.charAt(e) == '/' && src.charAt(e + 1) == 's'
                && (e + 2 >= src.length() || !isIdentPart(src.charAt(e + 2)))) e += 2;
        Units.Unit u = Units.find(src.substring(k, e));
        if (u != null) i = e;
        return u;
    }

    /** The token of value {@code v} in {@code unit}, from {@code start} to the current position. */
    private Token withUnit(BigDecimal v, Units.Unit unit, int start, Pos pos) {
        String text = src.substring(start, i);
        BigDecimal base = v.multiply(BigDecimal.valueOf(unit.factor()));
        if (base.signum() != 0 && base.stripTrailingZeros().scale() > 0) {
            diags.error(pos, "'" + text + "' is not a whole number of " + unit.dim().baseUnit());
            return new Token(TokenKind.NUMBER, text, start, i, pos, 0, null, 0, 0, 0);
        }
        if (base.toBigInteger().bitLength() > 63) {
            diags.error(pos, "number too large: " + text + " (at most " + Long.MAX_VALUE / unit.factor() + unit.name() + ")");
            return new Token(TokenKind.NUMBER, text, start, i, pos, 0, null, 0, 0, 0);
        }
        return new Token(TokenKind.NUMBER, text, start, i, pos, base.toBigInteger().longValue(), unit.dim(), 0, 0, 0);
    }

    private String text(int start) {
        int k = i;
        while (k < src.length() && isIdentPart(src.charAt(k))) k++;
        return src.substring(start, k);
    }

    private String digits() {
        int s = i;
        while (i < src.length() && (Character.isDigit(src.charAt(i)) && src.charAt(i) < 128 || src.charAt(i) == '_')) i++;
        return src.substring(s, i);
    }

    private static boolean isHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

    /** Digits with single underscores between them only. */
    private static boolean goodDigits(String d) {
        if (d.isEmpty() || d.charAt(0) == '_' || d.charAt(d.length() - 1) == '_') return false;
        return !d.contains("__");
    }

    private static long small(String d) {
        String s = d.replace("_", "");
        if (s.length() > 9) return Long.MAX_VALUE;
        return Long.parseLong(s);
    }
}
