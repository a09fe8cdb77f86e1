package ai.medscribe.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small seeded SOAP note generator for tests: five headers, phrases drawn from short pools. */
public final class TinyNotes {

    private static final String[][] POOLS = {
            {"patient reports chest pain for two days", "patient presents with cough and fever",
                    "patient complains of headache since morning", "patient reports shortness of breath on exertion"},
            {"denies nausea", "denies vomiting", "positive for fatigue", "negative for rash", "denies dizziness"},
            {"lungs clear to auscultation", "heart regular rate and rhythm", "abdomen soft nontender",
                    "no acute distress", "mild wheezing noted"},
            {"likely viral infection", "suspected angina", "tension headache", "asthma exacerbation"},
            {"start ibuprofen as needed", "order chest x ray", "follow up in two weeks", "start inhaler twice daily",
                    "return if symptoms worsen"}};
    private static final String[] HEADERS = {"HPI:", "ROS:", "EXAM:", "ASSESSMENT:", "PLAN:"};

    private TinyNotes() {
    }

    public static List<String> generate(int count, long seed) {
        Random random = new Random(seed);
        List<String> notes = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder text = new StringBuilder();
            for (int s = 0; s < HEADERS.length; s++) {
                text.append(s == 0 ? "" : " ").append(HEADERS[s]);
                int phrases = 1 + random.nextInt(s == 0 ? 1 : 2);
                for (int p = 0; p < phrases; p++) {
                    text.append(' ').append(POOLS[s][random.nextInt(POOLS[s].length)]);
                }
            }
            notes.add(text.toString());
        }
        return notes;
    }
}
