package ai.medscribe.functions;

import java.util.List;
import java.util.Map;

import ai.medscribe.note.Section;

/**
 * The completion step that infill and the upload trigger call: keep the given sections verbatim
 * and generate {@code generate}. The real implementation wraps the diffusion sampler over the
 * loaded bundle; until it is wired there is no bean and those functions answer 503.
 */
public interface NoteCompleter {

    /** The note after completion: every section (given and generated) and the model's hash. */
    record Completion(Map<Section, String> sections, String modelHash) {
    }

    /**
     * @param given    the sections to keep verbatim
     * @param generate the sections to generate, in SOAP order
     * @param lengths  token counts for some generated sections (others from the bundle's statistics)
     */
    Completion complete(Map<Section, String> given, List<Section> generate, Map<Section, Integer> lengths, int steps,
            double temperature, long seed);
}
