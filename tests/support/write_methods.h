#ifndef CONCIERGE_TESTS_SUPPORT_WRITE_METHODS_H_
#define CONCIERGE_TESTS_SUPPORT_WRITE_METHODS_H_

// The writes other than creates ("Service.Method"): sent with a request_id
// they answer a repeat with the first call's response (api::ServeWrite).
// Creates answer a repeat with the resource they made (CreateOnce,
// replay_test.cc); IssueToken refuses a repeat (its secret is never kept).
// tests/integration/write_retry_test.cc holds a case for each and checks
// that every method taking a request_id is one kind or the other.

#include <set>
#include <string>

namespace concierge::testing {

inline const std::set<std::string>& ReplayedWrites() {
  static const auto* writes = new std::set<std::string>{
      "ArrivalService.UpdateReservation",
      "ArrivalService.CancelReservation",
      "ArrivalService.MarkPreparationDone",
      "CatalogService.UpdateServiceItem",
      "CatalogService.ApproveServiceItem",
      "CatalogService.RetireServiceItem",
      "CatalogService.ApproveServicePrice",
      "CatalogService.RejectServicePrice",
      "CatalogService.PublishAnnouncement",
      "CatalogService.UpdateProvider",
      "DirectoryService.UpdateStaff",
      "DirectoryService.RevokeToken",
      "FrontDeskService.RecordPickup",
      "FrontDeskService.ReturnValuables",
      "FrontDeskService.ReturnItem",
      "FrontDeskService.SetLendableStock",
      "FrontDeskService.AcknowledgeMessage",
      "FrontDeskService.CancelRegistration",
      "FrontDeskService.RecordAttendance",
      "FrontDeskService.CancelEvent",
      "GuestProfileService.UpdateGuest",
      "GuestProfileService.MergeGuests",
      "GuestProfileService.EraseGuest",
      "GuestProfileService.CheckOut",
      "HousekeepingService.AssignRooms",
      "HousekeepingService.RecordActionOutcome",
      "HousekeepingService.ApproveAction",
      "HousekeepingService.RejectAction",
      "HousekeepingService.UpdateRule",
      "HousekeepingService.DisableRule",
      "QualityService.RecordFollowUp",
      "QualityService.UpdateComplaint",
      "QualityService.TriageSuggestion",
      "QualityService.SubmitSurveyResponse",
      "QualityService.ApproveServicePlan",
      "ServiceRequestService.QuoteServiceRequest",
      "ServiceRequestService.AcceptQuote",
      "ServiceRequestService.DisputeQuote",
      "ServiceRequestService.ProposePrice",
      "ServiceRequestService.DecidePrice",
      "ServiceRequestService.DispatchServiceRequest",
      "ServiceRequestService.AssignServiceRequest",
      "ServiceRequestService.StartServiceRequest",
      "ServiceRequestService.CompleteServiceRequest",
      "ServiceRequestService.SignOffServiceRequest",
      "ServiceRequestService.DeclineSignOff",
      "ServiceRequestService.SettleServiceRequest",
      "ServiceRequestService.CancelServiceRequest",
  };
  return *writes;
}

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_WRITE_METHODS_H_
