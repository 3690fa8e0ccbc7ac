import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks what `fer run` wrote: report.json accounts for every published image, per split, the face
 * stage ran (it is on by default), and verdicts.csv has one line per image. Run with the fat jar on the class path (for Jackson):
 * {@code java -cp services/cli/target/fer.jar .ci/CheckRunOutputs.java OUT SPLIT=N...}.
 */
public final class CheckRunOutputs {

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<String> failures = new ArrayList<>();
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        long expectedTotal = 0;
        for (int i = 1; i < args.length; i++) {
            String[] splitAndCount = args[i].split("=");
            String split = splitAndCount[0];
            long expected = Long.parseLong(splitAndCount[1]);
            expectedTotal += expected;
            JsonNode counts = report.path("by_split").path(split);
            long input = counts.path("input").asLong(-1);
            long accounted = counts.path("kept").asLong() + counts.path("flagged").asLong() + counts.path("removed").asLong();
            check(failures, input == expected, split + ": input " + input + ", expected " + expected);
            check(failures, accounted == input, split + ": kept + flagged + removed = " + accounted + ", input " + input);
            check(failures, "TRAIN".equals(split) || counts.path("removed").asLong() == 0,
                    split + ": removed " + counts.path("removed").asLong() + ", but only TRAIN images may be removed");
        }
        long published = report.path("published").asLong(-1);
        check(failures, published == expectedTotal, "published " + published + ", expected " + expectedTotal);
        check(failures, report.path("total").asLong() == published, "total " + report.path("total") + " != published");
        check(failures, report.path("cleaned").asLong() + report.path("rejected").asLong() == published,
                "cleaned + rejected != published");
        check(failures, report.path("dead_letters").asLong(-1) == 0, "dead letters: " + report.path("dead_letters"));
        check(failures, "ran".equals(report.path("face_check").asText()),
                "the face stage runs by default with the shipped detector, but: " + report.path("face_check"));

        List<String> lines = Files.readAllLines(out.resolve("verdicts.csv"));
        check(failures, lines.size() == published + 1, "verdicts.csv has " + lines.size() + " lines, expected "
                + (published + 1) + " (header + one per image)");
        Set<String> ids = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            ids.add(line.substring(0, line.indexOf(',')));
        }
        check(failures, ids.size() == lines.size() - 1, "verdicts.csv repeats ids: " + ids.size() + " distinct");

        if (!failures.isEmpty()) {
            failures.forEach(f -> System.err.println("FAILED: " + f));
            System.exit(1);
        }
        Map<String, Object> summary = Map.of("published", published, "cleaned", report.path("cleaned").asLong(),
                "rejected", report.path("rejected").asLong());
        System.out.println("fer run outputs check out: " + summary + ", removed by stage and reason "
                + report.path("removed_by_stage_and_reason"));
    }

    private static void check(List<String> failures, boolean ok, String message) {
        if (!ok) {
            failures.add(message);
        }
    }
}
