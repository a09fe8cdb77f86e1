package ai.medscribe.ethics;

/** A PHI-like span of a note: its kind and character offsets [start, end). Holds no text. */
public record PhiSpan(Type type, int start, int end) {

    /** Kinds of protected health information the detector looks for. */
    public enum Type { NAME, DATE, PHONE, MRN, EMAIL, ADDRESS, SSN }

    public PhiSpan {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span");
        }
    }

    boolean overlaps(PhiSpan other) {
        return start < other.end && other.start < end;
    }
}
