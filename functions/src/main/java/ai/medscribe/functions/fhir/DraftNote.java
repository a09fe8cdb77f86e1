package ai.medscribe.functions.fhir;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ai.medscribe.note.Section;

/**
 * What a FHIR document of a note is made from: the note's sections, which of them the model wrote,
 * the given text outside every section, and how it was made. Plain values, so the functions and the
 * upload trigger build it from their own answers.
 *
 * @param sections  text of each SOAP section (absent or blank: an empty section)
 * @param generated the sections the model wrote; the others were given and kept verbatim
 * @param other     given text under a header of no section ({@code header} null: before the first header)
 * @param model     the model that wrote it
 * @param sampling  the sampler settings that reproduce it
 * @param source    the uploaded object it completes, or null
 * @param time      when it was written
 */
public record DraftNote(Map<Section, String> sections, List<Section> generated, List<OtherText> other, Model model,
        Sampling sampling, Source source, Instant time) {

    public DraftNote {
        sections = Map.copyOf(sections);
        generated = List.copyOf(generated);
        other = List.copyOf(other);
    }

    /** Given text outside the five sections. */
    public record OtherText(String header, String text) {
    }

    /**
     * The model: {@code id} type and preset ("diffusion-small"), {@code sha256} the bundle's content hash
     * (null when no model ran: the upload had every section), {@code parameters} its size (0 when unknown).
     */
    public record Model(String id, String type, String preset, String sha256, long parameters) {
    }

    /** Sampler settings: {@code passes} is the model passes the note took, null when not reported. */
    public record Sampling(int steps, double temperature, long seed, Integer passes) {
    }

    /** The uploaded object a completion was read from. */
    public record Source(String bucket, String key, String sha256) {
    }
}
