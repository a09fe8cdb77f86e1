package ai.medscribe.dialog;

import java.util.Objects;

/**
 * One MTS-Dialog pair: a doctor-patient conversation and the note section written from it.
 *
 * @param id the file's {@code ID} column, as written
 * @param header the section's normalised header
 * @param section the section text, as written (line breaks kept)
 * @param dialogue the conversation, one turn a line ({@code Doctor: ...}, {@code Patient: ...})
 */
public record DialogPair(String id, MtsHeader header, String section, String dialogue) {

    public DialogPair {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(dialogue, "dialogue");
    }
}
