package dev.phisafe.core.transform;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A resolver over a fixed map, for tests; counts lookups. */
final class MapResolver implements PlaceholderResolver {

    /** Originals planted in tests: none of them may ever show up in an exception or a toString. */
    static final String CANARY_NAME = "Zebulon Canarywood";
    static final String CANARY_SSN = "987-65-4329";

    private final Map<String, String> map = new HashMap<>();
    int lookups;

    static MapResolver standard() {
        return new MapResolver()
                .with("<NAME_1>", CANARY_NAME)
                .with("<NAME_2>", "Bob Jones")
                .with("<DATE_1>", "03/14/1951")
                .with("<SSN_1>", CANARY_SSN)
                .with("<HEALTH_PLAN_ID_12>", "1EG4-TE5-MK72")
                .with("<VEHICLE_ID_3>", "1HGCM82633A004352")
                .with("<ID_5>", "P-5521")
                .with("<LOCATION_123456>", "Springfield");
    }

    MapResolver with(String placeholder, String original) {
        map.put(placeholder, original);
        return this;
    }

    @Override
    public Optional<String> resolve(String placeholder) {
        lookups++;
        return Optional.ofNullable(map.get(placeholder));
    }
}
