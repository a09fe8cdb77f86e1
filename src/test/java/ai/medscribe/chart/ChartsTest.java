package ai.medscribe.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    private static BufferedImage read(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "not a PNG: " + png);
        return image;
    }

    @Test
    void everyChartKindWritesAReadablePngAtTheGivenPath() throws Exception {
        Charts.histogram(dir.resolve("a/hist.png"), "Lengths", "tokens", List.of(50, 60, 61, 70, 90, 120), 5);
        Charts.barsWithErrors(dir.resolve("bars.png"), "Sections", "tokens", List.of("HPI", "ROS"), List.of(20.0, 12.0),
                List.of(3.0, 2.0));
        Charts.verticalBars(dir.resolve("v.png"), "Presence", "fraction", List.of("HPI", "PLAN"), List.of(1.0, 0.9));
        Charts.lines(dir.resolve("lines.png"), "Loss", "epoch", "loss",
                List.of(Charts.Series.of("train", new double[] {3, 2, 1.5}), Charts.Series.of("val", new double[] {3.1, 2.2, 1.7})),
                "lr", List.of(Charts.Series.of("lr", new double[] {1e-4, 3e-4, 2e-4})));
        for (String name : List.of("a/hist.png", "bars.png", "v.png", "lines.png")) {
            BufferedImage image = read(dir.resolve(name));
            assertEquals(Charts.WIDTH, image.getWidth(), name);
        }
    }

    @Test
    void horizontalBarsGrowWithTheNumberOfLabels() throws Exception {
        List<String> words = new java.util.ArrayList<>();
        List<Integer> counts = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            words.add("word" + i);
            counts.add(100 - i);
        }
        Charts.horizontalBars(dir.resolve("h.png"), "Top words", "count", words, counts);
        assertTrue(read(dir.resolve("h.png")).getHeight() > Charts.HEIGHT);
        assertThrows(IllegalArgumentException.class,
                () -> Charts.horizontalBars(dir.resolve("x.png"), "t", "x", List.of("a"), List.of(1, 2)));
    }
}
