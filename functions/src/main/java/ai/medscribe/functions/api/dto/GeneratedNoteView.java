package ai.medscribe.functions.api.dto;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import ai.medscribe.eval.ErrorAnalysis;
import ai.medscribe.eval.StructureCheck;
import ai.medscribe.note.Section;

/**
 * One generated note as {@code generate} returns it: the text, its sections, its token count, the
 * structure check and error categories of the text, and (when asked for) the unmasking trajectory:
 * the canvas at the start and after every denoising step as tokens, {@code [MASK]} where nothing is
 * committed yet; {@code passes} is the model passes the note took (fewer than the steps when the
 * confidence threshold finished it early; one per token for the autoregressive baseline).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratedNoteView(String text, Map<Section, String> sections, int tokens,
        StructureCheck.Structure structure, ErrorAnalysis.Errors errors, List<List<String>> trace, int passes) {
}
