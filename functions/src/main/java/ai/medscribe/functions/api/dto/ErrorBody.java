package ai.medscribe.functions.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every error answer: what went wrong, which field, and the limit it broke. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String field, Object limit, String message) {
}
