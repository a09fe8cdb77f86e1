package ai.medscribe.model;

import java.util.Locale;

/** The two models of the case study: the masked diffusion model and its autoregressive baseline. */
public enum ModelKind {
    DIFFUSION, AUTOREGRESSIVE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelKind fromId(String id) {
        for (ModelKind k : values()) {
            if (k.id().equalsIgnoreCase(id) || (k == AUTOREGRESSIVE && "ar".equalsIgnoreCase(id))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + id + "' (expected diffusion or autoregressive)");
    }
}
