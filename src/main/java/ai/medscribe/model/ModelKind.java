package ai.medscribe.model;

import ai.medscribe.LowerCaseId;
import com.fasterxml.jackson.databind.util.StdConverter;

/** The two models of the case study: the masked diffusion model and its autoregressive baseline. */
public enum ModelKind implements LowerCaseId {
    DIFFUSION, AUTOREGRESSIVE;

    public static ModelKind fromId(String id) {
        for (ModelKind k : values()) {
            if (k.id().equalsIgnoreCase(id) || (k == AUTOREGRESSIVE && "ar".equalsIgnoreCase(id))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + id + "' (expected diffusion or autoregressive)");
    }

    /** JSON: a kind written as its {@link #id()}, as a bundle's {@code modelType} is. */
    public static final class ToId extends StdConverter<ModelKind, String> {
        @Override
        public String convert(ModelKind kind) {
            return kind.id();
        }
    }

    /** JSON: a kind read from its {@link #id()} ({@link #fromId}). */
    public static final class FromId extends StdConverter<String, ModelKind> {
        @Override
        public ModelKind convert(String id) {
            return fromId(id);
        }
    }
}
