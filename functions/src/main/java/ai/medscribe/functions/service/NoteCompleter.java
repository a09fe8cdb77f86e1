package ai.medscribe.functions.service;

import ai.medscribe.functions.api.dto.ModelInfo;

import java.util.List;
import java.util.Map;

import ai.medscribe.model.ModelKind;
import ai.medscribe.note.Section;
import ai.medscribe.sample.InfillRequest;
import ai.medscribe.sample.SamplerOptions;

/**
 * The completion step that infill and the upload trigger call: keep the given sections verbatim
 * and write the requested ones. {@link NoteWriter} does it with the loaded bundles, writing each
 * section of a note longer than the model's canvas from a window of the note that fits it.
 */
public interface NoteCompleter {

    /**
     * What the model saw when it wrote one section: the given sections in its window (SOAP order), and
     * those of them it saw only in part (the sentences nearest the section written).
     */
    record Window(List<Section> sections, List<Section> partial) {
    }

    /**
     * The completed note: every section (given and generated), what was generated, the model, and
     * for each generated section the window it was written from ({@code seen}).
     */
    record Completion(Map<Section, String> sections, List<Section> generated, ModelInfo model,
            Map<Section, Window> seen) {

        public Completion(Map<Section, String> sections, List<Section> generated, ModelInfo model) {
            this(sections, generated, model, Map.of());
        }
    }

    Completion complete(InfillRequest request, SamplerOptions options);

    /**
     * Completes a note of any length: {@code given} the note's non-empty sections, {@code field} the
     * request field it came from (named by a refusal). By default the whole note in one canvas.
     */
    default Completion complete(Map<Section, String> given, List<Section> generate, Map<Section, Integer> lengths,
            ModelKind model, SamplerOptions options, String field) {
        return complete(new InfillRequest(given, generate, lengths), options);
    }
}
