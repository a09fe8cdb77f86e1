package ai.medscribe.corpus;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes ({@code ""}); records end in CRLF or LF.
 */
public final class CsvReader implements AutoCloseable {

    private final Reader in;
    private int peeked = -2;
    private long line = 1;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** The line (1-based) where the next record starts; for error messages. */
    public long line() {
        return line;
    }

    /** The next record's fields, or null at the end of the input. */
    public List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("unterminated quoted field at end of input (line " + line + ")");
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c == -1) {
                fields.add(field.toString());
                line++;
                return fields;
            } else if (c == '\r' && peek() == '\n') {
                // CRLF: the LF ends the record on the next turn.
            } else if (c == '"' && field.isEmpty() && !afterQuote) {
                quoted = true;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
