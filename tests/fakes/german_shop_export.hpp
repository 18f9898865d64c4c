// A German shop system's order export, as a `file` source's `columns:` map reads it: semicolons,
// local times in Europe/Berlin, its own status words, a constant column.
#pragma once

#include "sources/flat_files/csv_export.hpp"
#include "sources/time_format.hpp"

namespace sellerwatch::testing {

inline sources::flat_files::CsvMapping GermanShopExport() {
  auto berlin = [](std::string_view format) {
    return sources::ParseTimeFormat(format, "Europe/Berlin").value();
  };
  sources::flat_files::CsvMapping m;
  m.delimiter = ';';
  m.columns["id"] = {"Bestellnummer", "", {}, {}};
  m.columns["purchased_at"] = {"Bestelldatum", "", berlin("%d.%m.%Y %H:%M"), {}};
  m.columns["status"] = {
      "Status",
      "",
      {},
      {{"Versandt", "shipped"}, {"Offen", "unshipped"}, {"Storniert", "cancelled"}}};
  m.columns["fulfillment"] = {"", "merchant", {}, {}};
  m.columns["ship_by"] = {"Versand bis", "", berlin("%d.%m.%Y %H:%M"), {}};
  m.columns["shipped_at"] = {"Versanddatum", "", berlin("%d.%m.%Y %H:%M"), {}};
  m.columns["tracking_valid"] = {"Sendungsnummer vorhanden", "", {}, {}};
  m.columns["cancel_initiator"] = {
      "Storniert von", "", {}, {{"Kunde", "buyer"}, {"Händler", "seller"}}};
  return m;
}

}  // namespace sellerwatch::testing
