package ai.medscribe.dialog;

import java.util.Locale;

/**
 * Numbers as a doctor reads them out: in words ({@code one thirty two over eighty four},
 * {@code ninety eight point six}, {@code ninety seven percent}) or in digits ({@code 132 over 84},
 * {@code 98.6}, {@code 97 percent}). Integers in words are American English without "and"
 * ({@code one hundred thirty two}); a blood pressure's systolic from 100 to 199 is read the
 * clinician's way, {@code one thirty two}, {@code one oh five}, {@code one hundred} for 100.
 */
final class SpokenNumbers {

    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

    private SpokenNumbers() {
    }

    /** 0 to 999 in words. */
    static String integer(int n) {
        if (n < 0 || n > 999) {
            throw new IllegalArgumentException("can only say 0 to 999, got " + n);
        }
        if (n < 20) {
            return ONES[n];
        }
        if (n < 100) {
            return TENS[n / 10] + (n % 10 == 0 ? "" : " " + ONES[n % 10]);
        }
        return ONES[n / 100] + " hundred" + (n % 100 == 0 ? "" : " " + integer(n % 100));
    }

    /** A systolic pressure the clinician's way: 132 is one thirty two, 105 one oh five, 100 one hundred. */
    static String systolic(int n) {
        if (n < 100 || n > 199 || n == 100) {
            return integer(n);
        }
        int rest = n - 100;
        return "one " + (rest < 10 ? "oh " + ONES[rest] : integer(rest));
    }

    /**
     * A number token of a note ({@code 132/84}, {@code 98.6}, {@code 97%}, {@code 3}) read out,
     * in words or in digits.
     */
    static String say(String token, boolean words) {
        boolean percent = token.endsWith("%");
        String t = percent ? token.substring(0, token.length() - 1) : token;
        String spoken;
        if (t.contains("/")) {
            String[] bp = t.split("/");
            spoken = words ? systolic(Integer.parseInt(bp[0])) + " over " + integer(Integer.parseInt(bp[1]))
                    : bp[0] + " over " + bp[1];
        } else if (t.contains(".")) {
            String[] parts = t.split("\\.");
            spoken = words ? integer(Integer.parseInt(parts[0])) + " point " + digits(parts[1]) : t;
        } else {
            spoken = words ? integer(Integer.parseInt(t)) : t;
        }
        return percent ? spoken + " percent" : spoken;
    }

    private static String digits(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(out.isEmpty() ? "" : " ").append(ONES[c - '0']);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
