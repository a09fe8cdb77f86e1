package ai.medscribe.sample;

import ai.medscribe.note.Section;
import ai.medscribe.note.SoapNote;
import ai.medscribe.text.Tokenizer;

import java.util.List;
import java.util.Map;

/**
 * A note written by a sampler.
 *
 * @param text      the note with canonical headers
 * @param sections  the text of each section present (given sections verbatim)
 * @param ids       the token ids of the filled canvas (padding included)
 * @param generated the sections the model wrote
 * @param trace     the canvas after every denoising step, when asked for; empty otherwise
 * @param passes    model passes it took (denoising steps with masks left; one per token for the AR baseline)
 */
public record GeneratedNote(String text, Map<Section, String> sections, int[] ids, List<Section> generated,
                            List<int[]> trace, int passes) {

    public SoapNote note() {
        return SoapNote.of(sections);
    }

    /** Tokens that are not padding. */
    public int tokenCount() {
        int n = 0;
        for (int id : ids) {
            if (id != Tokenizer.PAD_ID) {
                n++;
            }
        }
        return n;
    }
}
