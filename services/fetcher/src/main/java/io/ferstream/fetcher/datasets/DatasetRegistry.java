package io.ferstream.fetcher.datasets;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.ferstream.fetcher.source.LabelMap;

/**
 * The datasets the product names: FER2013 (Kaggle's msambare image folders) and the supplementary
 * sets of the original project's fetcher, plus KDEF (not on Kaggle: a local copy).
 *
 * <p>The Kaggle ids are the seed's; their archives' contents were not verified here except
 * msambare's, which is why the readers detect a CSV or image folders by content and every class name
 * goes through the label map (unknown ones become dead letters, never a guess).
 */
public final class DatasetRegistry {

    private final Map<String, DatasetSpec> specs = new LinkedHashMap<>();

    public DatasetRegistry(Collection<DatasetSpec> datasets) {
        for (DatasetSpec spec : datasets) {
            if (specs.putIfAbsent(spec.key(), spec) != null) {
                throw new IllegalArgumentException("duplicate dataset key " + spec.key());
            }
        }
    }

    public static DatasetRegistry standard() {
        LabelMap names = LabelMap.standard();
        return new DatasetRegistry(java.util.List.of(
                new DatasetSpec("fer2013", "FER2013 (image folders)", "msambare/fer2013",
                        DatasetLayout.MSAMBARE_FOLDERS, names, Map.of(), null),
                new DatasetSpec("fer2013_plus", "FER2013 challenge CSV", "ashishpatel26/facial-expression-recognitionferchallenge",
                        DatasetLayout.FER_CSV, names, Map.of(), null),
                new DatasetSpec("ck_plus", "CK+ (48x48 CSV)", "shawon10/ckplus",
                        DatasetLayout.FER_CSV, names, Map.of(7, "contempt"), null),
                new DatasetSpec("raf_db", "RAF-DB", "shuvoalok/raf-db-dataset",
                        DatasetLayout.CLASS_FOLDERS, LabelMap.rafDb(), Map.of(), null),
                new DatasetSpec("affectnet", "AffectNet (FER subset)", "tom99763/affectnet-for-facial-expression-recognition",
                        DatasetLayout.CLASS_FOLDERS, names, Map.of(), null),
                new DatasetSpec("jaffe", "JAFFE", "sujaykapadnis/jaffe",
                        DatasetLayout.CLASS_FOLDERS, names, Map.of(), null),
                new DatasetSpec("expw", "ExpW", "shuvoalok/expw",
                        DatasetLayout.CLASS_FOLDERS, names, Map.of(), null),
                new DatasetSpec("kdef", "KDEF", null,
                        DatasetLayout.CLASS_FOLDERS, names, Map.of(),
                        "request it at https://kdef.se, sort the images into <class>/ folders, put them under <data-dir>/kdef")));
    }

    public Optional<DatasetSpec> find(String key) {
        return Optional.ofNullable(specs.get(key));
    }

    public Collection<DatasetSpec> all() {
        return specs.values();
    }
}
