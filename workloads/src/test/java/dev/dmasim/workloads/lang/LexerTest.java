package dev.dmasim.workloads.lang;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LexerTest {
    record Lexed(List<Token> tokens, List<Diagnostic> errors) {}

    static Lexed lex(String src) {
        Diagnostics d = new Diagnostics("l.dmasim");
        Lexer lx = new Lexer(src, d);
        List<Token> out = new ArrayList<>();
        for (int guard = 0; guard < 10_000; guard++) {
            Token t = lx.next();
            if (t.kind() == TokenKind.EOF) break;
            out.add(t);
        }
        return new Lexed(out, d.sorted());
    }

    static Token one(String src) {
        Lexed l = lex(src);
        assertEquals(List.of(), l.errors(), src);
        assertEquals(1, l.tokens().size(), src);
        return l.tokens().get(0);
    }

    static void number(String src, long value, Dim dim) {
        Token t = one(src);
        assertEquals(TokenKind.NUMBER, t.kind(), src);
        assertEquals(value, t.value(), src);
        assertEquals(dim, t.dim(), src);
    }

    static Diagnostic onlyError(String src) {
        Lexed l = lex(src);
        assertEquals(1, l.errors().size(), () -> src + " -> " + l.errors());
        return l.errors().get(0);
    }

    @Test
    void integers() {
        number("42", 42, Dim.COUNT);
        number("0x1000", 4096, Dim.COUNT);
        number("0XfF", 255, Dim.COUNT);
        number("1_000_000", 1_000_000, Dim.COUNT);
        number("0x1000_0000", 0x1000_0000L, Dim.COUNT);
        number("9223372036854775807", Long.MAX_VALUE, Dim.COUNT);
    }

    @Test
    void hexNumbersTakeAUnitAfterABlank() {
        number("0x1000 B", 4096, Dim.SIZE);
        number("0x10 KiB", 16 * 1024, Dim.SIZE);
        number("0x10\tus", 16_000_000, Dim.TIME);
        number("0xA GB/s", 10_000_000_000L, Dim.RATE);
        number("0x1000B", 0x1000B, Dim.COUNT);    // B is a hex digit: a plain number
        assertTrue(onlyError("0x10KiB").message().contains("unit follows after a blank"));
        assertTrue(onlyError("0x7fff_ffff_ffff_ffff KiB").message().contains("too large"));
    }

    @Test
    void numbersWithUnits() {
        number("32B", 32, Dim.SIZE);
        number("4KiB", 4096, Dim.SIZE);
        number("2MiB", 2L << 20, Dim.SIZE);
        number("4GiB", 4L << 30, Dim.SIZE);
        number("7ps", 7, Dim.TIME);
        number("5ns", 5_000, Dim.TIME);
        number("2us", 2_000_000, Dim.TIME);
        number("16ms", 16_000_000_000L, Dim.TIME);
        number("60s", 60_000_000_000_000L, Dim.TIME);
        number("100Hz", 100, Dim.FREQ);
        number("3kHz", 3_000, Dim.FREQ);
        number("800MHz", 800_000_000L, Dim.FREQ);
        number("1.5GHz", 1_500_000_000L, Dim.FREQ);
        number("500MB/s", 500_000_000L, Dim.RATE);
        number("2GB/s", 2_000_000_000L, Dim.RATE);
        number("0.5us", 500_000, Dim.TIME);
        number("5000 cycles", 5000, Dim.CYCLES);
        number("8cycles", 8, Dim.CYCLES);
        number("100 ns", 100_000, Dim.TIME);
        number("1_000ns", 1_000_000, Dim.TIME);
    }

    @Test
    void resolutionsAndModes() {
        Token r = one("1920x1080");
        assertEquals(TokenKind.RESOLUTION, r.kind());
        assertEquals(1920, r.width());
        assertEquals(1080, r.height());
        Token m = one("1920x1080@60");
        assertEquals(TokenKind.MODE, m.kind());
        assertEquals(60, m.hz());
    }

    @Test
    void rangesAreNotDecimals() {
        Lexed l = lex("0..540 1.5GHz a..b");
        assertEquals(List.of(), l.errors());
        List<TokenKind> kinds = new ArrayList<>();
        for (Token t : l.tokens()) kinds.add(t.kind());
        assertEquals(List.of(TokenKind.NUMBER, TokenKind.DOTDOT, TokenKind.NUMBER, TokenKind.NUMBER,
                TokenKind.NAME, TokenKind.DOTDOT, TokenKind.NAME), kinds);
        assertEquals(540, l.tokens().get(2).value());
    }

    @Test
    void stringsCommentsAndPunctuation() {
        Lexed l = lex("span \"a \\\"b\\\"\" # comment ( [\n{ } ; , = . | % * / + -");
        assertEquals(List.of(), l.errors());
        assertEquals("a \"b\"", l.tokens().get(1).text());
        assertEquals(TokenKind.NEWLINE, l.tokens().get(2).kind());
        assertEquals(15, l.tokens().size());
        assertEquals(new Pos(2, 1), l.tokens().get(3).pos());
    }

    @Test
    void badCharacter() {
        Diagnostic d = onlyError("a = $b");
        assertEquals(1, d.line());
        assertEquals(5, d.col());
        assertTrue(d.message().contains("unexpected character '$'"), d.message());
        assertEquals("l.dmasim:1:5: unexpected character '$'", d.toString());
    }

    @Test
    void unterminatedString() {
        Diagnostic d = onlyError("x\n  span \"render {\n}");
        assertEquals(2, d.line());
        assertEquals(8, d.col());
        assertTrue(d.message().contains("unterminated string"));
    }

    @Test
    void badNumbers() {
        Diagnostic d = onlyError("x = 0x");
        assertEquals(5, d.col());
        assertTrue(d.message().contains("bad number '0x'"), d.message());
        assertTrue(onlyError("1__0").message().contains("bad number"));
        assertTrue(onlyError("1_").message().contains("bad number"));
        assertTrue(onlyError("0x12G").message().contains("bad number"));
        assertTrue(onlyError("99999999999999999999").message().contains("too large"));
        assertTrue(onlyError("9999999999s").message().contains("too large"));
        assertTrue(onlyError("1.5").message().contains("whole number"));
        assertTrue(onlyError("1.5ps").message().contains("not a whole number of ps"));
        assertTrue(onlyError("1920x1080p").message().contains("bad resolution"));
    }

    @Test
    void unknownUnitPointsAtTheUnit() {
        Diagnostic d = onlyError("t = 5parsecs");
        assertEquals(1, d.line());
        assertEquals(6, d.col());
        assertTrue(d.message().contains("unknown unit 'parsecs'"), d.message());
        assertTrue(onlyError("3KB").message().endsWith("did you mean KiB?"), onlyError("3KB").message());
        assertTrue(onlyError("3mhz").message().endsWith("did you mean MHz?"));
    }

    @Test
    void lexingGoesOnAfterErrors() {
        Lexed l = lex("$ 1__0 \"x\n y");
        assertEquals(3, l.errors().size());
        assertEquals("y", l.tokens().get(l.tokens().size() - 1).text());
    }
}
