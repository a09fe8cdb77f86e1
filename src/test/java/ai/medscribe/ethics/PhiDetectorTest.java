package ai.medscribe.ethics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PhiDetectorTest {

    private static String covered(String text, PhiSpan s) {
        return text.substring(s.start(), s.end());
    }

    @Test
    void findsEachKindOfIdentifierWithItsOffsets() {
        String note = "HPI: Mr. John Smith, MRN: 4455667, seen 03/14/2024 by Dr. Alvarez. Call 555-123-4567 or "
                + "jsmith@example.org. Lives at 42 Oak Street. SSN 123-45-6789. Follow up on March 21, 2024.";
        List<PhiSpan> spans = PhiDetector.instance().detect(note);
        List<String> found = spans.stream().map(s -> s.type() + "=" + covered(note, s)).toList();
        assertEquals(List.of("NAME=John Smith", "MRN=4455667", "DATE=03/14/2024", "NAME=Alvarez",
                "PHONE=555-123-4567", "EMAIL=jsmith@example.org", "ADDRESS=42 Oak Street", "SSN=123-45-6789",
                "DATE=March 21, 2024"), found);
    }

    @Test
    void clinicalNumbersAreNotPhi() {
        String note = "EXAM: BP 120/80, HR 72, temp 98.6, SpO2 97%. PLAN: metformin 500 mg twice daily for 3 months.";
        assertTrue(PhiDetector.instance().detect(note).isEmpty());
    }

    @Test
    void spansNeverOverlapAndAreOrdered() {
        String note = "Contact Ms. Lee at (555) 987-6543, 2024-01-02, 7 Elm Rd, id MRN#A123456.";
        List<PhiSpan> spans = PhiDetector.instance().detect(note);
        for (int i = 1; i < spans.size(); i++) {
            assertTrue(spans.get(i - 1).end() <= spans.get(i).start());
        }
        assertEquals(List.of(PhiSpan.Type.NAME, PhiSpan.Type.PHONE, PhiSpan.Type.DATE, PhiSpan.Type.ADDRESS,
                PhiSpan.Type.MRN), spans.stream().map(PhiSpan::type).toList());
    }
}
