package ai.medscribe.functions.api.dto;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What {@code complete-upload} answers for one uploaded object (it answers a list, one per event, in
 * order): a {@link CompletedUpload} for a partial note, a {@link DraftedUpload} for a transcript.
 * Written as the value itself, without a type name (Jackson's deduction: Funqy writes the declared
 * type, and this makes it write the value's own).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
public sealed interface UploadAnswer permits CompletedUpload, DraftedUpload {
}
