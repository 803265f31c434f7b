"""What a reused device saves: ONE table of per-kind factors, with the source of every figure.

A device given a second life avoids the manufacturing of a new one (the replacement it makes
unnecessary) and stays out of the waste stream for a while. We count, per handed-over unit:

- ``co2e_kg``: greenhouse gases of manufacturing a new device of that kind (kg CO2e);
- ``mass_kg``: the mass of the device kept out of waste (kg).

Sources:

- Manufacturing: ADEME, *Impact CO₂* (impactco2.fr, "Numérique" category, values of 2024),
  taken from the ADEME–Arcep study *Évaluation de l'impact environnemental du numérique en
  France* (2022). Laptop 170.3, desktop 258.6 (personal use) / 202.6 (professional use),
  24-inch screen 64.6, smartphone 83, tablet 56.3 kg CO2e. We count a desktop at its
  professional value (202.6): given computers mostly come from companies and local authorities.
- Masses: ADEME gives none; we use the medians of Boavizta's manufacturer data
  (github.com/Boavizta/environmental-footprint-data): laptop 1.65 kg, desktop 5.26, screen 5.73,
  smartphone 0.171, tablet 0.73.

Caveats (also shown on /dons/): sources disagree (ADEME's older *Base Empreinte* figure for a
laptop is 156 kg CO2e); a reuse avoids a purchase only if it really replaces one; transport and
refurbishing are not counted. Kinds without a published figure (printers, network gear, other)
count as devices given a second life but add no kg.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Factor:
    co2e_kg: float | None
    mass_kg: float | None
    source: str


ADEME_2024 = "ADEME, Impact CO₂ (2024), d'après l'étude ADEME–Arcep (2022)"
BOAVIZTA = "Boavizta, médiane des données constructeurs"

#: kind -> factor. Keep in step with ``Lot.Kind``; the tests check every kind has a row.
FACTORS: dict[str, Factor] = {
    "laptop": Factor(170.3, 1.65, f"{ADEME_2024} ; masse : {BOAVIZTA}"),
    "desktop": Factor(202.6, 5.26, f"{ADEME_2024} (usage professionnel ; 258,6 en usage "
                                   f"personnel) ; masse : {BOAVIZTA}"),
    "screen": Factor(64.6, 5.73, f"{ADEME_2024} (écran 24 pouces) ; masse : {BOAVIZTA}"),
    "smartphone": Factor(83.0, 0.171, f"{ADEME_2024} ; masse : {BOAVIZTA}"),
    "tablet": Factor(56.3, 0.73, f"{ADEME_2024} ; masse : {BOAVIZTA}"),
    "printer": Factor(None, None, "aucune valeur publiée retenue"),
    "network": Factor(None, None, "aucune valeur publiée retenue"),
    "other": Factor(None, None, "aucune valeur publiée retenue"),
}

#: The other published figures the page mentions (sources disagree).
DESKTOP_PERSONAL_CO2E_KG = 258.6
OLDER_LAPTOP_CO2E_KG = 156.0


@dataclass
class Impact:
    devices: int = 0
    mass_kg: float = 0.0
    co2e_kg: float = 0.0

    def add(self, kind: str, units: int) -> None:
        factor = FACTORS.get(kind)
        self.devices += units
        if factor is None:
            return
        if factor.mass_kg is not None:
            self.mass_kg += factor.mass_kg * units
        if factor.co2e_kg is not None:
            self.co2e_kg += factor.co2e_kg * units

    def rounded(self) -> Impact:
        return Impact(self.devices, round(self.mass_kg, 1), round(self.co2e_kg, 1))


def impact_of(rows) -> Impact:
    """Impact of ``(kind, units)`` pairs."""
    total = Impact()
    for kind, units in rows:
        total.add(kind, units)
    return total.rounded()
