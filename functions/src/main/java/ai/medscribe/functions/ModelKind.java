package ai.medscribe.functions;

/** Which bundle serves a request: the masked diffusion model or the autoregressive baseline. */
public enum ModelKind {
    DIFFUSION, AUTOREGRESSIVE;

    /** The bundle directory name under the bundles location. */
    public String bundleName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
