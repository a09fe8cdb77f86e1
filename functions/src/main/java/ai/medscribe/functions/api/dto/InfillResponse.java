package ai.medscribe.functions.api.dto;

import ai.medscribe.functions.service.NoteCompleter;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.medscribe.note.RealNote;
import ai.medscribe.note.Section;

/**
 * {@code infill}'s answer: the completed note and its sections, which sections were generated and
 * which were kept verbatim, the given text that fits no section ({@code unparsed}, also in
 * {@code note}), the model, the options used and the latency; {@code where} each span of a {@code note}
 * went (null for {@code sections}), {@code seen} the window each generated section was written from,
 * {@code withheld} the missing sections not written because they record observations, and
 * {@code labels} every section's origin (a generated one with the model and its hash).
 */
public record InfillResponse(String note, Map<Section, String> sections, List<Section> generated,
        List<Section> given, List<UnparsedText> unparsed, ModelInfo model, int steps, double temperature, long seed,
        long latencyMs, List<RealNote.Where> where, Map<Section, NoteCompleter.Window> seen, List<Section> withheld,
        Map<Section, Label> labels) implements InfillAnswer {

    /** A section's origin: {@code given} (kept verbatim) or {@code generated} by {@code model} of bundle hash {@code modelHash}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Label(String origin, String model, String modelHash) {

        static Label given() {
            return new Label("given", null, null);
        }

        static Label generated(ModelInfo model) {
            return new Label("generated", model.id(), model.sha256());
        }
    }

    /** The labels of a note's sections: generated ones by {@code model}, the others given. */
    public static Map<Section, Label> labels(Map<Section, String> sections, List<Section> generated, ModelInfo model) {
        Map<Section, Label> labels = new java.util.EnumMap<>(Section.class);
        for (Section s : Section.SOAP) {
            if (generated.contains(s)) {
                labels.put(s, Label.generated(model));
            } else if (!sections.getOrDefault(s, "").isBlank()) {
                labels.put(s, Label.given());
            }
        }
        return labels;
    }
}
