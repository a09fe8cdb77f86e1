package ai.medscribe.draft;

import ai.medscribe.dialog.MtsHeader;
import ai.medscribe.model.ModelConfig;
import ai.medscribe.text.SubwordTokenizer;
import ai.medscribe.text.Tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * How a conversation and a note section become a drafting canvas (see
 * {@link ai.medscribe.model.DraftGraph}): the transcript's tokens padded to the source region, the
 * section's control token (its header, e.g. {@code [GENHX]}), then the section's tokens padded to the
 * note region.
 */
public final class DraftCanvas {

    /** The section controls, one per MTS-Dialog header: special tokens of the vocabulary. */
    public static final List<String> CONTROLS = Arrays.stream(MtsHeader.values()).map(MtsHeader::controlToken).toList();
    /** Speaker tags kept whole by the vocabulary. */
    public static final List<String> SPEAKERS = List.of("Doctor:", "Patient:", "Guest_family:", "Guest_clinician:");

    private DraftCanvas() {
    }

    /** A text longer than its region: names the request field, the limit and the length, in tokens. */
    public static final class TooLong extends IllegalArgumentException {
        private final String field;
        private final int limit;
        private final int length;

        public TooLong(String field, int limit, int length) {
            super(field + " is " + length + " tokens, over the limit of " + limit);
            this.field = field;
            this.limit = limit;
            this.length = length;
        }

        public String field() {
            return field;
        }

        public int limit() {
            return limit;
        }

        public int length() {
            return length;
        }
    }

    /** The transcript's ids (not padded); over the source region it is cut there if {@code truncate}, else refused. */
    public static int[] source(SubwordTokenizer tokenizer, ModelConfig config, String transcript, boolean truncate) {
        int[] ids = tokenizer.encode(transcript);
        if (ids.length > config.sourceLength()) {
            if (!truncate) {
                throw new TooLong("transcript", config.sourceLength(), ids.length);
            }
            return Arrays.copyOf(ids, config.sourceLength());
        }
        return ids;
    }

    /** The header's control id then the section's ids, padded (or cut) to the note region's noteLength + 1. */
    public static int[] note(SubwordTokenizer tokenizer, ModelConfig config, MtsHeader header, String section) {
        int[] ids = tokenizer.encode(section);
        int[] note = new int[config.noteLength() + 1];
        note[0] = controlId(tokenizer, header);
        System.arraycopy(ids, 0, note, 1, Math.min(ids.length, config.noteLength()));
        return note;
    }

    /** A training canvas: source padded to the source region, then the note region. */
    public static int[] row(int[] source, int[] note, ModelConfig config) {
        int[] row = new int[config.maxLength()];
        System.arraycopy(source, 0, row, 0, Math.min(source.length, config.sourceLength()));
        System.arraycopy(note, 0, row, config.sourceLength(), note.length);
        return row;
    }

    public static int controlId(SubwordTokenizer tokenizer, MtsHeader header) {
        int id = tokenizer.id(header.controlToken());
        if (id < 0) {
            throw new IllegalStateException("the vocabulary has no control token " + header.controlToken());
        }
        return id;
    }

    /** The length of a note region's content: up to its first padding. */
    public static int contentLength(int[] note, int from) {
        for (int j = from; j < note.length; j++) {
            if (note[j] == Tokenizer.PAD_ID) {
                return j - from;
            }
        }
        return note.length - from;
    }
}
