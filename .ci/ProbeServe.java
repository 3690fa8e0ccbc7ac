import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Probes a running `fer serve` as a user's browser would: waits for /health to be UP, uploads one real
 * face (the first PublicTest row of a FER2013 CSV, enlarged to 192 px on a 320×240 grey picture, as a
 * JPEG) to /api/images, and checks that the answer finds that face and labels it with a FER class.
 * {@code java -cp services/cli/target/fer.jar .ci/ProbeServe.java BASE_URL FER2013_CSV_GZ}
 */
public final class ProbeServe {

    private static final List<String> CLASSES = List.of("Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral");
    private static final int FACE_X = 64;
    private static final int FACE_Y = 24;
    private static final int FACE_SIDE = 192;

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();

        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String health = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("health")).build(), HttpResponse.BodyHandlers.ofString());
                health = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && "UP".equals(json.readTree(r.body()).path("status").asText())) {
                    break;
                }
            } catch (IOException notYet) {
                health = notYet.toString();
            }
            Thread.sleep(500);
        }
        require(health.startsWith("200"), "/health never became UP: " + health);
        System.out.println("health: " + health);

        byte[] jpeg = faceJpeg(Path.of(args[1]));
        String boundary = "probe" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"face.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(jpeg);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("api/images"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        require(answer.statusCode() == 200, "upload answered " + answer.statusCode() + ": " + answer.body());
        JsonNode result = json.readTree(answer.body()).path("results").path(0);
        JsonNode faces = result.path("faces");
        require(faces.size() == 1, "expected the one face, got " + faces.size() + ": " + answer.body());
        JsonNode face = faces.get(0);
        JsonNode box = face.path("box");
        double iou = iou(box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(), box.get(3).asDouble());
        require(iou >= 0.5, "the box " + box + " is not on the face at " + FACE_X + "," + FACE_Y + " side " + FACE_SIDE + " (IoU " + iou + ")");
        require(CLASSES.contains(face.path("label").asText()), "label " + face.path("label") + " is not a FER class");
        require(face.path("probabilities").size() == 7, "expected 7 probabilities: " + face);
        System.out.printf("upload: one face at %s (IoU %.2f with the placed face), %s %.2f, model %s%n",
                box, iou, face.path("label").asText(), face.path("confidence").asDouble(), result.path("model"));
    }

    /** The first PublicTest face of the CSV, enlarged onto a grey picture, as a JPEG. */
    private static byte[] faceJpeg(Path csvGz) throws IOException {
        String pixels = null;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(csvGz))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.strip().endsWith(",PublicTest")) {
                    pixels = line.split(",")[1];
                    break;
                }
            }
        }
        require(pixels != null, "no PublicTest row in " + csvGz);
        String[] values = pixels.trim().split(" ");
        BufferedImage face = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 48 * 48; i++) {
            face.getRaster().setSample(i % 48, i / 48, 0, Integer.parseInt(values[i]));
        }
        BufferedImage picture = new BufferedImage(320, 240, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = picture.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, 320, 240);
        // smooth enlargement, as a camera would see a face; blocky nearest-neighbour pixels are not a face to a detector
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(face, FACE_X, FACE_Y, FACE_SIDE, FACE_SIDE, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(picture, "jpg", out);
        return out.toByteArray();
    }

    private static double iou(double x, double y, double w, double h) {
        double ix = Math.max(0, Math.min(x + w, FACE_X + FACE_SIDE) - Math.max(x, FACE_X));
        double iy = Math.max(0, Math.min(y + h, FACE_Y + FACE_SIDE) - Math.max(y, FACE_Y));
        double inter = ix * iy;
        return inter / (w * h + (double) FACE_SIDE * FACE_SIDE - inter);
    }

    private static void require(boolean ok, String failure) {
        if (!ok) {
            System.err.println("FAILED: " + failure);
            System.exit(1);
        }
    }
}
