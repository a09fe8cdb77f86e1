package ai.medscribe.sample;

import ai.medscribe.note.Section;
import ai.medscribe.text.Tokenizer;

import java.util.Arrays;

/**
 * The canvas the diffusion sampler fills: one row of {@code L} token ids, which positions are
 * fixed (given text, placed headers, trailing padding), and the span each position belongs to.
 * A span is the content of one section (or the whole note in free generation); only an
 * {@code open} span may end early in padding, and only as a suffix.
 *
 * @param tokens     initial ids: given tokens where fixed, {@link Tokenizer#MASK_ID} where to generate
 * @param fixed      positions the sampler never changes
 * @param spans      span index of every position, -1 for positions outside every generated span
 * @param spanOpen   per span: may it end early in padding
 * @param spanMinimum per span: how many leading positions must hold content before padding may start
 * @param spanSection per span: the section it belongs to ({@link Section#OTHER} for a free note)
 * @param structured whether header tokens are forbidden in content (true for scaffolds and infills)
 */
public record NoteLayout(int[] tokens, boolean[] fixed, int[] spans, boolean[] spanOpen, int[] spanMinimum,
                         Section[] spanSection, boolean structured) {

    /**
     * Free generation: every position masked, one open span, no header constraint; the note holds
     * at least {@code minimum} tokens before padding may start.
     */
    public static NoteLayout free(int length, int maxLength, int minimum) {
        int[] tokens = new int[length];
        boolean[] fixed = new boolean[length];
        int[] spans = new int[length];
        for (int i = 0; i < length; i++) {
            boolean inNote = i < maxLength;
            tokens[i] = inNote ? Tokenizer.MASK_ID : Tokenizer.PAD_ID;
            fixed[i] = !inNote;
            spans[i] = inNote ? 0 : -1;
        }
        return new NoteLayout(tokens, fixed, spans, new boolean[] {true}, new int[] {Math.min(minimum, maxLength)},
                new Section[] {Section.OTHER}, false);
    }

    /** The same layout on a longer canvas: the added positions are fixed padding. */
    public NoteLayout padTo(int length) {
        if (length == tokens.length) {
            return this;
        }
        int[] t = Arrays.copyOf(tokens, length);
        boolean[] f = Arrays.copyOf(fixed, length);
        int[] s = Arrays.copyOf(spans, length);
        for (int i = tokens.length; i < length; i++) {
            t[i] = Tokenizer.PAD_ID;
            f[i] = true;
            s[i] = -1;
        }
        return new NoteLayout(t, f, s, spanOpen, spanMinimum, spanSection, structured);
    }

    public int length() {
        return tokens.length;
    }

    public int maskedCount() {
        return (int) Arrays.stream(tokens).filter(t -> t == Tokenizer.MASK_ID).count();
    }
}
