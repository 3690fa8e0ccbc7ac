package io.ferstream.quality;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ferstream.platform.config.InvalidConfigException;

/**
 * The quality stage's thresholds. Semantics are the original cleaner's, bounds included:
 * blur passes if {@code variance > blurMin}; brightness if {@code brightnessMin < mean < brightnessMax};
 * contrast fails if {@code std < contrastMin} (so {@code std == contrastMin} passes); edge density
 * fails if {@code density < edgeDensityMin} or {@code density > edgeDensityMax}.
 */
public record QualityThresholds(double blurMin, double brightnessMin, double brightnessMax, double contrastMin,
                                double edgeDensityMin, double edgeDensityMax) {

    /** Exactly the original project's numbers. */
    public static final QualityThresholds SEED = new QualityThresholds(80, 40, 220, 20, 0.05, 0.30);

    public QualityThresholds {
        if (!(blurMin >= 0)) {
            throw new InvalidConfigException("blur-min", blurMin, "must be >= 0");
        }
        if (!(brightnessMin >= 0 && brightnessMin < brightnessMax && brightnessMax <= 255)) {
            throw new InvalidConfigException("brightness-min/brightness-max", brightnessMin + ".." + brightnessMax,
                    "need 0 <= min < max <= 255");
        }
        if (!(contrastMin >= 0)) {
            throw new InvalidConfigException("contrast-min", contrastMin, "must be >= 0");
        }
        if (!(edgeDensityMin >= 0 && edgeDensityMin <= edgeDensityMax && edgeDensityMax <= 1)) {
            throw new InvalidConfigException("edge-density-min/edge-density-max", edgeDensityMin + ".." + edgeDensityMax,
                    "need 0 <= min <= max <= 1");
        }
    }

    /** The thresholds as recorded in each verdict. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("blur.min", blurMin);
        map.put("brightness.min", brightnessMin);
        map.put("brightness.max", brightnessMax);
        map.put("contrast.min", contrastMin);
        map.put("edge_density.min", edgeDensityMin);
        map.put("edge_density.max", edgeDensityMax);
        return map;
    }
}
