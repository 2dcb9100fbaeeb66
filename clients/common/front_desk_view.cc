#include "clients/common/front_desk_view.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "clients/common/common_commands.h"
#include "clients/common/output.h"

namespace concierge::cli {
namespace {

template <typename T>
void PrintJsonList(const std::vector<T>& all) {
  std::vector<const google::protobuf::Message*> out;
  for (const T& item : all) out.push_back(&item);
  PrintJsonArray(out);
}

std::string ParcelStateLabel(const Invocation& inv, v1::ParcelState s) {
  switch (s) {
    case v1::PARCEL_STATE_WAITING:
      return inv.Tr("待領取", "waiting");
    case v1::PARCEL_STATE_COLLECTED:
      return inv.Tr("已領取", "collected");
    default:
      return "?";
  }
}

std::string CustodyStateLabel(const Invocation& inv, v1::CustodyState s) {
  switch (s) {
    case v1::CUSTODY_STATE_HELD:
      return inv.Tr("保管中", "held");
    case v1::CUSTODY_STATE_RETURNED:
      return inv.Tr("已交還", "returned");
    default:
      return "?";
  }
}

std::string LoanStateLabel(const Invocation& inv, const v1::Loan& loan) {
  if (loan.state() == v1::LOAN_STATE_RETURNED) {
    return inv.Tr("已歸還", "returned");
  }
  return loan.overdue() ? inv.Tr("逾期未還", "OVERDUE") : inv.Tr("借出", "out");
}

std::string MessageStateLabel(const Invocation& inv, v1::MessageState s) {
  switch (s) {
    case v1::MESSAGE_STATE_UNREAD:
      return inv.Tr("未讀", "unread");
    case v1::MESSAGE_STATE_ACKNOWLEDGED:
      return inv.Tr("已讀", "read");
    default:
      return "?";
  }
}

std::string ChannelLabel(const Invocation& inv, v1::MessageChannel c) {
  return c == v1::MESSAGE_CHANNEL_IN_PERSON ? inv.Tr("到訪", "in person")
                                            : inv.Tr("來電", "phone");
}

std::string ActionLabel(const Invocation& inv, v1::FrontDeskAction a) {
  switch (a) {
    case v1::FRONT_DESK_ACTION_PARCEL_LOGGED:
      return inv.Tr("郵件到達", "parcel logged");
    case v1::FRONT_DESK_ACTION_PARCEL_COLLECTED:
      return inv.Tr("郵件領取", "parcel collected");
    case v1::FRONT_DESK_ACTION_VALUABLES_DEPOSITED:
      return inv.Tr("物品寄存", "valuables deposited");
    case v1::FRONT_DESK_ACTION_VALUABLES_RETURNED:
      return inv.Tr("物品交還", "valuables returned");
    case v1::FRONT_DESK_ACTION_ITEM_LENT:
      return inv.Tr("借出", "lent");
    case v1::FRONT_DESK_ACTION_ITEM_RETURNED:
      return inv.Tr("歸還", "returned");
    case v1::FRONT_DESK_ACTION_MESSAGE_LEFT:
      return inv.Tr("留言", "message");
    case v1::FRONT_DESK_ACTION_MESSAGE_ACKNOWLEDGED:
      return inv.Tr("已讀留言", "message read");
    case v1::FRONT_DESK_ACTION_EVENT_REGISTERED:
      return inv.Tr("活動報名", "registered");
    case v1::FRONT_DESK_ACTION_EVENT_WAITLISTED:
      return inv.Tr("候補", "waitlisted");
    case v1::FRONT_DESK_ACTION_EVENT_PROMOTED:
      return inv.Tr("候補轉正", "off the waitlist");
    case v1::FRONT_DESK_ACTION_EVENT_CANCELLED:
      return inv.Tr("取消報名", "cancelled");
    case v1::FRONT_DESK_ACTION_EVENT_ATTENDED:
      return inv.Tr("出席", "attended");
    case v1::FRONT_DESK_ACTION_EVENT_NO_SHOW:
      return inv.Tr("未出席", "no-show");
    default:
      return "?";
  }
}

}  // namespace

std::string Pick(const Invocation& inv, const v1::LocalizedText& text) {
  const std::string& first = inv.Tr(text.zh(), text.en());
  return first.empty() ? inv.Tr(text.en(), text.zh()) : first;
}

std::string ParcelKindLabel(const Invocation& inv, v1::ParcelKind kind) {
  switch (kind) {
    case v1::PARCEL_KIND_PARCEL:
      return inv.Tr("包裹", "parcel");
    case v1::PARCEL_KIND_REGISTERED_LETTER:
      return inv.Tr("掛號信", "registered letter");
    case v1::PARCEL_KIND_REMITTANCE_SLIP:
      return inv.Tr("匯款單", "remittance slip");
    case v1::PARCEL_KIND_PARCEL_NOTICE:
      return inv.Tr("包裹單", "parcel notice");
    default:
      return "?";
  }
}

std::string RegistrationStateLabel(const Invocation& inv,
                                   v1::EventRegistrationState state) {
  switch (state) {
    case v1::EVENT_REGISTRATION_STATE_REGISTERED:
      return inv.Tr("已報名", "registered");
    case v1::EVENT_REGISTRATION_STATE_WAITLISTED:
      return inv.Tr("候補", "waitlisted");
    case v1::EVENT_REGISTRATION_STATE_CANCELLED:
      return inv.Tr("已取消", "cancelled");
    case v1::EVENT_REGISTRATION_STATE_ATTENDED:
      return inv.Tr("已出席", "attended");
    case v1::EVENT_REGISTRATION_STATE_NO_SHOW:
      return inv.Tr("未出席", "no-show");
    default:
      return "";
  }
}

void PrintParcels(const Invocation& inv, const std::vector<v1::Parcel>& all) {
  if (inv.json()) return PrintJsonList(all);
  if (all.empty()) {
    std::cout << inv.Tr("沒有郵件。", "No parcels or mail.") << "\n";
    return;
  }
  Table table({"#", inv.Tr("到達", "Arrived"), inv.Tr("住戶", "Household"),
               inv.Tr("類別", "Kind"), inv.Tr("承運", "Carrier"),
               inv.Tr("單號", "Tracking"), inv.Tr("貨架", "Shelf"),
               inv.Tr("狀態", "State")});
  for (const v1::Parcel& p : all) {
    table.AddRow({ShortId(p.name()), FormatTime(p.log_time()),
                  ShortId(p.household()), ParcelKindLabel(inv, p.kind()),
                  p.carrier(), p.tracking_number(), p.shelf(),
                  ParcelStateLabel(inv, p.state())});
  }
  table.Print();
}

void PrintParcel(const Invocation& inv, const v1::Parcel& p) {
  if (inv.json()) return PrintJson(p);
  Details d;
  d.Add(inv.Tr("郵件", "Parcel"), p.name());
  d.Add(inv.Tr("住戶", "Household"), p.household());
  d.Add(inv.Tr("類別", "Kind"), ParcelKindLabel(inv, p.kind()));
  d.Add(inv.Tr("承運", "Carrier"), p.carrier());
  if (!p.tracking_number().empty()) {
    d.Add(inv.Tr("單號", "Tracking"), p.tracking_number());
  }
  d.Add(inv.Tr("貨架", "Shelf"), p.shelf());
  if (!p.note().empty()) d.Add(inv.Tr("備註", "Note"), p.note());
  d.Add(inv.Tr("狀態", "State"), ParcelStateLabel(inv, p.state()));
  d.Add(inv.Tr("登記", "Logged"),
        FormatTime(p.log_time()) + " " + p.logged_by());
  if (p.state() == v1::PARCEL_STATE_COLLECTED) {
    d.Add(inv.Tr("領取人", "Collected by"), p.collected_by());
    d.Add(inv.Tr("簽名", "Signed"), p.signature_name());
    d.Add(inv.Tr("經手", "Handed over"),
          FormatTime(p.collect_time()) + " " + p.handed_over_by());
  }
  d.Print();
}

void PrintCustody(const Invocation& inv,
                  const std::vector<v1::CustodyRecord>& all) {
  if (inv.json()) return PrintJsonList(all);
  if (all.empty()) {
    std::cout << inv.Tr("沒有代保管物品。", "Nothing in custody.") << "\n";
    return;
  }
  Table table({"#", inv.Tr("收據", "Receipt"), inv.Tr("住戶", "Household"),
               inv.Tr("物品", "Description"), inv.Tr("寄存", "Deposited"),
               inv.Tr("狀態", "State")});
  for (const v1::CustodyRecord& r : all) {
    table.AddRow({ShortId(r.name()), r.receipt_number(), ShortId(r.household()),
                  r.description(), FormatTime(r.deposit_time()),
                  CustodyStateLabel(inv, r.state())});
  }
  table.Print();
}

void PrintCustodyRecord(const Invocation& inv, const v1::CustodyRecord& r) {
  if (inv.json()) return PrintJson(r);
  Details d;
  d.Add(inv.Tr("記錄", "Record"), r.name());
  d.Add(inv.Tr("收據", "Receipt"), r.receipt_number());
  d.Add(inv.Tr("住戶", "Household"), r.household());
  d.Add(inv.Tr("物品", "Description"), r.description());
  d.Add(inv.Tr("寄存人", "Deposited by"), r.deposited_by());
  d.Add(inv.Tr("接收", "Received"),
        FormatTime(r.deposit_time()) + " " + r.received_by());
  d.Add(inv.Tr("狀態", "State"), CustodyStateLabel(inv, r.state()));
  if (r.state() == v1::CUSTODY_STATE_RETURNED) {
    d.Add(inv.Tr("領回人", "Collected by"), r.collected_by());
    d.Add(inv.Tr("經手", "Handed over"),
          FormatTime(r.return_time()) + " " + r.handed_over_by());
  }
  if (!r.note().empty()) d.Add(inv.Tr("備註", "Note"), r.note());
  d.Print();
}

int ListLendablesCommand(Invocation& inv) {
  int code = 0;
  const std::string site = ResolveSite(inv, &code);
  if (code) return code;
  v1::ListLendableItemsRequest request;
  request.set_parent(site);
  auto stub = v1::FrontDeskService::NewStub(inv.channel());
  std::vector<v1::LendableItem> all;
  grpc::Status status =
      CollectAll<v1::LendableItem, v1::ListLendableItemsRequest,
                 v1::ListLendableItemsResponse>(
          inv, request,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub->ListLendableItems(c, r, out);
          },
          [](const v1::ListLendableItemsResponse& page) {
            return page.lendables();
          },
          &all);
  if (!status.ok()) return Fail(status);
  PrintLendables(inv, all);
  return 0;
}

void PrintLendables(const Invocation& inv,
                    const std::vector<v1::LendableItem>& all) {
  if (inv.json()) return PrintJsonList(all);
  Table table({"#", inv.Tr("物品", "Item"), inv.Tr("可借", "Available"),
               inv.Tr("最早歸還", "Next due back"),
               inv.Tr("最近更正", "Last correction")});
  for (const v1::LendableItem& l : all) {
    table.AddRow({ShortId(l.name()), Pick(inv, l.display_name()),
                  absl::StrCat(l.available_count(), "/", l.total_count()),
                  l.has_next_due_time() ? FormatTime(l.next_due_time()) : "",
                  l.has_stock_change_time()
                      ? absl::StrCat(FormatTime(l.stock_change_time()), " ",
                                     l.stock_change_reason())
                      : ""});
  }
  table.Print();
}

void PrintLoans(const Invocation& inv, const std::vector<v1::Loan>& all) {
  if (inv.json()) return PrintJsonList(all);
  if (all.empty()) {
    std::cout << inv.Tr("沒有借用記錄。", "No loans.") << "\n";
    return;
  }
  Table table({"#", inv.Tr("物品", "Item"), inv.Tr("住戶", "Household"),
               inv.Tr("借用人", "Borrower"), inv.Tr("借出", "Lent"),
               inv.Tr("應還", "Due"), inv.Tr("狀態", "State")});
  for (const v1::Loan& o : all) {
    table.AddRow({ShortId(o.name()), Pick(inv, o.lendable_display_name()),
                  ShortId(o.household()), o.borrower(),
                  FormatTime(o.lend_time()), FormatTime(o.due_time()),
                  LoanStateLabel(inv, o)});
  }
  table.Print();
}

void PrintLoan(const Invocation& inv, const v1::Loan& o) {
  if (inv.json()) return PrintJson(o);
  Details d;
  d.Add(inv.Tr("借用", "Loan"), o.name());
  d.Add(inv.Tr("物品", "Item"), Pick(inv, o.lendable_display_name()));
  d.Add(inv.Tr("住戶", "Household"), o.household());
  d.Add(inv.Tr("借用人", "Borrower"), o.borrower());
  d.Add(inv.Tr("應還", "Due"), FormatTime(o.due_time()));
  d.Add(inv.Tr("狀態", "State"), LoanStateLabel(inv, o));
  d.Add(inv.Tr("借出", "Lent"), FormatTime(o.lend_time()) + " " + o.lent_by());
  if (o.state() == v1::LOAN_STATE_RETURNED) {
    d.Add(inv.Tr("歸還", "Returned"),
          FormatTime(o.return_time()) + " " + o.received_by());
  }
  d.Print();
}

void PrintMessages(const Invocation& inv,
                   const std::vector<v1::VisitorMessage>& all) {
  if (inv.json()) return PrintJsonList(all);
  if (all.empty()) {
    std::cout << inv.Tr("沒有留言。", "No messages.") << "\n";
    return;
  }
  for (const v1::VisitorMessage& m : all) {
    std::cout << "#" << ShortId(m.name()) << "  " << FormatTime(m.leave_time())
              << "  " << ChannelLabel(inv, m.channel()) << "  "
              << m.from_name();
    if (!m.from_phone().empty()) std::cout << " (" << m.from_phone() << ")";
    std::cout << "  [" << MessageStateLabel(inv, m.state()) << "]\n  "
              << m.text() << "\n";
  }
}

void PrintMessage(const Invocation& inv, const v1::VisitorMessage& m) {
  PrintMessages(inv, {m});
}

void PrintEvents(const Invocation& inv,
                 const std::vector<v1::CommunityEvent>& all) {
  if (inv.json()) return PrintJsonList(all);
  if (all.empty()) {
    std::cout << inv.Tr("近期沒有社區活動。", "No community events coming up.")
              << "\n";
    return;
  }
  Table table({"#", inv.Tr("時間", "When"), inv.Tr("活動", "Event"),
               inv.Tr("地點", "Place"), inv.Tr("名額", "Places left"),
               inv.Tr("候補", "Waitlist"), inv.Tr("報名截止", "Register by"),
               inv.Tr("我的報名", "Mine")});
  for (const v1::CommunityEvent& e : all) {
    std::string mine;
    if (e.has_my_registration()) {
      mine = RegistrationStateLabel(inv, e.my_registration().state());
      if (e.my_registration().waitlist_position() > 0) {
        absl::StrAppend(&mine, " #", e.my_registration().waitlist_position());
      }
    }
    if (e.has_cancel_time()) {
      mine = absl::StrCat(inv.Tr("已取消：", "CANCELLED: "), e.cancel_reason());
    }
    table.AddRow({ShortId(e.name()), FormatTime(e.start_time()),
                  Pick(inv, e.title()), Pick(inv, e.place()),
                  absl::StrCat(e.places_left(), "/", e.capacity()),
                  absl::StrCat(e.waitlisted_households()),
                  FormatTime(e.registration_deadline()), mine});
  }
  table.Print();
}

void PrintEvent(const Invocation& inv, const v1::CommunityEvent& e) {
  if (inv.json()) return PrintJson(e);
  Details d;
  d.Add(inv.Tr("活動", "Event"), e.name());
  d.Add(inv.Tr("名稱", "Title"), Pick(inv, e.title()));
  d.Add(inv.Tr("項目", "Item"), e.item_code());
  d.Add(inv.Tr("時間", "When"),
        FormatTime(e.start_time()) + " - " + FormatTime(e.end_time()));
  d.Add(inv.Tr("地點", "Place"), Pick(inv, e.place()));
  d.Add(inv.Tr("名額", "Places"),
        absl::StrCat(e.places_left(), "/", e.capacity(),
                     inv.Tr(" 剩餘", " left")));
  d.Add(inv.Tr("報名截止", "Register by"),
        FormatTime(e.registration_deadline()));
  if (e.has_cancel_time()) {
    d.Add(inv.Tr("已取消", "Cancelled"),
          absl::StrCat(FormatTime(e.cancel_time()), " ", e.cancelled_by(), ": ",
                       e.cancel_reason()));
  }
  if (e.asks_what_to_repair()) {
    d.Add(inv.Tr("報名須知", "To register"),
          inv.Tr("請說明需要維修的物品", "say what needs repairing"));
  }
  const std::string description = Pick(inv, e.description());
  if (!description.empty()) d.Add(inv.Tr("說明", "About"), description);
  d.Print();
}

void PrintRegistrations(const Invocation& inv,
                        const std::vector<v1::EventRegistration>& all) {
  if (inv.json()) return PrintJsonList(all);
  if (all.empty()) {
    std::cout << inv.Tr("沒有報名。", "No registrations.") << "\n";
    return;
  }
  Table table({"#", inv.Tr("住戶", "Household"), inv.Tr("人數", "People"),
               inv.Tr("狀態", "State"), inv.Tr("出席人數", "Came"),
               inv.Tr("說明", "Details")});
  for (const v1::EventRegistration& r : all) {
    std::string state = RegistrationStateLabel(inv, r.state());
    if (r.waitlist_position() > 0) {
      absl::StrAppend(&state, " #", r.waitlist_position());
    }
    table.AddRow({ShortId(r.name()), ShortId(r.household()),
                  absl::StrCat(r.party_size()), state,
                  r.state() == v1::EVENT_REGISTRATION_STATE_ATTENDED
                      ? absl::StrCat(r.attended_people())
                      : "",
                  r.details()});
  }
  table.Print();
}

void PrintRegistration(const Invocation& inv, const v1::EventRegistration& r) {
  if (inv.json()) return PrintJson(r);
  Details d;
  d.Add(inv.Tr("報名", "Registration"), r.name());
  d.Add(inv.Tr("住戶", "Household"), r.household());
  d.Add(inv.Tr("人數", "People"), absl::StrCat(r.party_size()));
  std::string state = RegistrationStateLabel(inv, r.state());
  if (r.waitlist_position() > 0) {
    absl::StrAppend(&state, inv.Tr("，第 ", ", number "), r.waitlist_position(),
                    inv.Tr(" 位", " in line"));
  }
  d.Add(inv.Tr("狀態", "State"), state);
  if (!r.details().empty()) d.Add(inv.Tr("說明", "Details"), r.details());
  if (r.state() == v1::EVENT_REGISTRATION_STATE_ATTENDED) {
    d.Add(inv.Tr("出席人數", "Came"), absl::StrCat(r.attended_people()));
  }
  d.Print();
}

void PrintHistory(const Invocation& inv,
                  const std::vector<v1::HouseholdHistoryEntry>& all) {
  if (inv.json()) return PrintJsonList(all);
  if (all.empty()) {
    std::cout << inv.Tr("沒有記錄。", "Nothing recorded yet.") << "\n";
    return;
  }
  Table table({inv.Tr("時間", "When"), inv.Tr("事項", "What"),
               inv.Tr("內容", "Details"), inv.Tr("經手", "By")});
  for (const v1::HouseholdHistoryEntry& h : all) {
    table.AddRow({FormatTime(h.time()), ActionLabel(inv, h.action()),
                  Pick(inv, h.summary()), h.actor()});
  }
  table.Print();
}

}  // namespace concierge::cli
