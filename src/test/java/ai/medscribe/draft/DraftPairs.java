package ai.medscribe.draft;

import ai.medscribe.dialog.DialogPair;
import ai.medscribe.dialog.MtsHeader;

import java.util.ArrayList;
import java.util.List;

/** Small conversation/section pairs written for tests (no real notes). */
final class DraftPairs {

    private static final String[] COMPLAINTS = {"cough", "headache", "back pain", "rash", "sore throat", "fatigue"};
    private static final String[] DAYS = {"two", "three", "five", "seven"};

    private DraftPairs() {
    }

    static List<DialogPair> pairs(int n) {
        List<DialogPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String complaint = COMPLAINTS[i % COMPLAINTS.length];
            String days = DAYS[(i / COMPLAINTS.length) % DAYS.length];
            String dialogue = "Doctor: What brings you in today?\nPatient: I have had " + complaint + " for " + days
                    + " days.\nDoctor: Any fever?\nPatient: No fever.";
            MtsHeader header = i % 3 == 0 ? MtsHeader.CC : MtsHeader.GENHX;
            String section = header == MtsHeader.CC ? capitalise(complaint) + "."
                    : "The patient reports " + complaint + " for " + days + " days. No fever.";
            out.add(new DialogPair(Integer.toString(i), header, section, dialogue));
        }
        return out;
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
