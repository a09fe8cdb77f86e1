package ai.medscribe.functions;

import java.util.List;
import java.util.Map;

import ai.medscribe.note.Section;
import ai.medscribe.sample.InfillRequest;
import ai.medscribe.sample.SamplerOptions;

/**
 * The completion step that infill and the upload trigger call: keep the given sections verbatim
 * and write the requested ones. {@link NoteWriter} does it with the loaded diffusion bundle.
 */
public interface NoteCompleter {

    /** The completed note: every section (given and generated), what was generated, and the model. */
    record Completion(Map<Section, String> sections, List<Section> generated, ModelInfo model) {
    }

    Completion complete(InfillRequest request, SamplerOptions options);
}
