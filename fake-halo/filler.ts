/**
 * Halo's neutral defaults for the many fields the sandbox gives no meaning
 * (integration ids, display toggles, sentinel dates). Real records carry
 * them, so sandbox records do too: payload size and key count are part of
 * what the product is measured against. Grouped as value -> field names;
 * only field names and Halo's empty defaults, no data from any tenant.
 */

export type WireObject = Record<string, unknown>;

/** Expands {valueAsJson: "name name ..."} into {name: value}. */
function filler(groups: Record<string, string>): Readonly<WireObject> {
  const out: WireObject = {};
  for (const [json, names] of Object.entries(groups)) {
    const value = JSON.parse(json) as unknown;
    for (const name of names.split(/\s+/))
      if (name) out[name] = Array.isArray(value) ? Object.freeze([]) : value;
  }
  return Object.freeze(out);
}

/** Defaults of a full ticket (GET /Tickets/{id}). */
export const TICKET_FILLER = filler({
  "0": `estimate estimatedays child_count attachment_count enduserstatus slaholdtime slapercused
    currentelapsedhours matched_kb_id product_id release_id release2_id release3_id impact
    urgency starttimeslot targettimeslot cost releasenotegroup_id supplier_status
    appointment_type impactlevel createdfrom_id supplier_contract_id risklevel
    laststatuschangeinformed sendprintrequest pagerdutystatus component_id version_id
    laststatuschangeinformedmanager currency projectconsignmentheaderid
    projectconsignmentdetailid servicefailurestid deadlinenotificationhours new_approvalprocess
    todo_count service_count budgettype_id pagerdutyeragent devops_comment_count orionalertid
    orionalertactiveid orionacknowledgestate orionclosestate orionacknowledgedby
    splunkoncallstatus connectwise_id connectwise_project_id atera_alert_id
    laststatuschangestatus ninja_device_id resourcetype_id resource_booking_type article_type
    automate_id device_automate_id postloggedview freshdesk_id alluserscanview
    visible_child_tickets ncentral_details_id supplier_contact_id contract_schedule_plan_id
    useful_count notuseful_count merged_into_id`,
  "1": `organisation_id workflow_step workflow_seq pipeline_stage_id quantity top_level_id
    site_sla_id itil_requesttype_id`,
  '""': `category_1 category_2 category_3 category_4 site_timezone oppaddr1 oppaddr2 oppaddr3
    oppaddr4 opppostcode oppcountry opptimezonename userdef1 userdef2 userdef3 userdef4
    section_timezone backoutplan communicationplan testplan riskdescription impactdescription
    timezonename pagerdutyid pagerdutyincidentidstring mailentryid phonenumberfrom
    changeinformation_html devops_agent orionacknowledgenote orionalertname servicenow_id
    splunkoncall_id splunkoncallurl servicenow_number autotask_number meraki_device
    meraki_alert_type ninja_alert_id auvik_id auvik_url pagerdutyservice sms_override
    servicestatusnote ticket_tags purchaseordernumber`,
  '"0001-01-01T00:00:00"': `lastincomingemail`,
  '"00:00:00"': `starttime targettime`,
  '"1900-01-01T00:00:00"': `targetdate deadlinedate orionacknowledgedate`,
  false: `release_important projectinternaltask supplier_breachrespsent supplier_breachfixbysent
    agreedcleared surveysent inform3rdpartysystem surveyneeded knownerror development
    forwardinboundupdates loggedoutofhdworkinghours acctmaninformedsurvey
    oppdontaddtomailinglist ignore_kb_match showonroadmap dont_do_rules is_opportunity
    is_project sendtopagerduty locked has_related faultapprovalfailed domerge sync_to_salesforce
    is_sensitive hide_feedback isbeingclosed updateservicestatus invoiceseperatelyoverride
    reviewed`,
  true: `actisbillabledefault sendack _canupdate itemsarebillable isnew`,
  "-1": `chargerate auditstatus auditunum contract_id scomalertstate autotask_id
    thirdpartyreviewscore datto_alert_state`,
  '"1899-12-30T00:00:00"': `auditdate laststatuschangestatusdate reviewed_date`,
  "[]": `todo_list services tags olas additional_agents`,
});

/** Defaults of a ticket type (RequestType) embedded in a full ticket. */
export const TICKET_TYPE_FILLER = filler({
  "0": `closedrequestswithupdates pendingrequestsemailid closeduserupdatehours default_sendack
    default_matchedkbid approval_process_id default_product_id default_budgettype_id
    acknowledgementtemplate acknowledgementtemplateooh database_lookup_id default_estimate
    default_sendremoteinvite childticketcolumnsoverride pdftemplate_id quote_pdftemplate_id
    maximumRestrictedPriority auto_respond_logged_manually autoCloseHours
    closedrequestreplylimit pendingrequestreplylimit alluserscanview appointmentdefaultbody
    default_sendtosoc default_soctargettype default_impact default_risklevel defaultresourcetype
    defaultlisttype defaulttab agentresourcebookingtype defaultresourcetype_agent
    defaultagentresourcebookingduration_id ganttgrandchildview auto_delete_data
    statusafterresourcebook auto_create_appt tab_display sprint_tickettype_id
    default_kanban_view completion_status_type project_type auto_forward_email_updates
    process_open_tickets todolistportalvisibility default_appt_type default_servicenow_type
    hide_anon_email load_balance_interval`,
  "1": `close_kb_action attendeesenduser ticketlinktype salesforce_default_stage`,
  '""': `jira_issue_type always_bcc webannouncement default_category_1 default_category_2
    default_category_3 default_soctargetid default_soctargetname default_appointment_summary
    default_appointment_details default_justification default_impactdescription
    default_riskleveldescription default_testplan default_backoutplan default_communicationplan
    default_changeinformation_html default_servicestatusnote submitlabeloverride`,
  true: `agentscanselect allowattachments enduserscanselect anonymouscanselect portalcanreopen
    default_showforusers default_sendemail allowall_actions allowall_team allowall_category1
    allowall_category2 allowall_category3 allowall_category4 allowtickettypetobechild
    show_vote_comment displayonquicktime showdownvote isbillable items_are_billable
    showopenusertickets showbillingtab showactivestatuskanban allowall_appointment_types
    allowall_iframe_customtabs show_add_note showgeneralsurveyfields
    allowall_suggestion_faqlists show_status_on_portal continue_autorelease enduserscanlog
    anonymouscanlog allowall_child_tickettypes`,
  false: `copyattachmentstochild copyattachmentstorelated is_sprint
    closedrequestswithupdatesincpending includeinmobiledbsync default_team_to_agents_default
    default_excludefromsla allowall_status hide_respond dontsendslareminders
    dontusependingclosure applydefaultsontypechangebool mustclosechildbeforeclosurebool
    logtimeindays usetimeslotsforstartandtargettimes showunborntab allowcustomiseunborn
    inform_account_manager alluserscanviewit thisentitycanbevotedfor editservstatus
    setrelatedservicesfromassets forwardinboundupdates display_audit_tab overwrite_showforusers
    addnoteonlytolinked dontconfirm_updateparent defaultsync_to_sentinel
    adduserupdatestochildren userbookfromportal showopensitetickets showopenclienttickets
    updateservicestatus showsuggestionstab showoppcontacttab
    include_appointments_scheduled_hours default_sync_to_salesforce pin_important_actions
    showdecendantwarningoptions defaultsidebarcollapsed default_send_to_pagerduty
    show_project_task_dates default_is_sensitive legacy_print_request_details
    legacy_print_service_form show_child_assets showopensuppliertickets
    allow_teams_chat_creation show_teams_chats_as_tabs allow_slack_channel_creation
    show_slack_channels_as_tabs do_ai_survey generate_ai_embeddings load_balance_on_schedule`,
  "-1": `chargerate overridewiththefollowingtemplatewhenloggingmanually default_targetdate
    ticket_status_after_appointment startdate_validation targetdate_validation
    slack_channel_access_type slack_channel_workspace load_balance_max_tickets`,
  "[]": `default_services kanbanstatuschoice`,
});

/** Defaults of a contact (Users) in detail. */
export const USER_FILLER = filler({
  "0": `priority_id connectwiseid web_access_level showmeonly showrecentonly useadlogin
    delegation_user_id linked_user_id passportal_id opportunity_id device_access_level`,
  "1": `cataloglevel encmethod organisation_id jira_instance`,
  false: `ischangeapprover2 neversendemails isserviceaccount isimportantcontact2 dontackemails inform
    informaction informclearance showslatimes allowviewsitedocs ischangeapprover cancreateuser
    isheadofdept iscontractcontact informnewarea informactionarea informclearancearea
    viewallcleared canviewcontracts ispoapprover delegation_activated delegation_timebased
    isnhserveremaildefault canaccessinvoices authenticatorapp_configured locked
    allowviewclientdocs hubspot_dont_sync hubspot_archived unsubscribed canviewopps
    salesforce_dontsync dontackemails2`,
  '""': `sitephonenumber sitetimezone delegation_user_name googleworkplace_id servicenow_id
    servicenow_username sgatewayid samaccountname oktaid azure_tenant_id linked_user_name
    hubspot_id hubspot_url azure_tenant_domain jira_instance_name lang`,
  "[]": `custombuttons addresses popup_notes usercompany software external_links roles`,
  "-1": `autotaskid messagegroup_id adconnection`,
  true: `canadd canaccesscatalog`,
  '"1899-12-30T00:00:00"': `delegation_start delegation_end azure_last_login_date`,
});

/** Defaults of a site in detail. */
export const SITE_FILLER = filler({
  "0": `style refnumber geocoord1 geocoord2 language_id cautomateid ninjarmmid device42id
    datto_alternate_id connectwiseid ateraid syncroid region_code`,
  "1": `linked_organisation_id`,
  '""': `accountsid accountsfirstname accountslastname accountsemailaddress accountsccemailaddress
    accountsbccemailaddress language_name guid servicenowid datto_id datto_url azuretenantid
    pagerdutywildcard site_item_tax_code_name site_service_tax_code_name
    site_contract_tax_code_name site_prepay_tax_code_name site_purchase_tax_code_name auvik_id
    country_code itglue_id client_itglue_id country_code_name region_code_name`,
  true: `invoice_address_isdelivery isstocklocation isinvoicesite all_faqlists_allowed`,
  "-1": `messagegroup_id defaultstocklocation autotaskid`,
  false: `defaultdelivery slocked isnhserveremaildefault hasitemsinstock`,
  '"1899-12-30T00:00:00"': `contractlastchecked`,
  "[]": `popup_notes sitecontacts faqlists external_links custombuttons`,
});

/** Defaults of a client (Area) in detail. */
export const CLIENT_FILLER = filler({
  "0": `default_mailbox_id item_tax_code service_tax_code prepay_tax_code contract_tax_code
    createdfrom_id billinggroup ninjarmmid purchase_tax_code prepayrecurringminimumdeduction
    prepayrecurringautomaticdeduction preferreddeliverymethod qbodefaulttax device42id
    datto_alternate_id qbodefaulttaxcode connectwiseid ateraid kashflowid syncroid
    sync_servicenow_attachments kashflow_tenant_id client_to_invoice invoiceduedaysextraclient
    default_currency_code client_to_invoice_recurring cautomateid sentinel_default_user_override
    percentage_to_survey`,
  "1": `confirmemail actionemail clearemail fcemail linked_organisation_id`,
  "-1": `messagegroup_id mailbox_override automatic_callscript_id autotaskid datto_commerce_id
    override_layout_id overridepdftemplateinvoice sentinel_tenant_id overridepdftemplatequote`,
  false: `override_org_logo prinotify secnotify priassign secassign invoiceyes floverride
    fluserdef1hide fluserdef2hide fluserdef3hide fluserdef4hide fluserdef5hide fluserdef1mand
    fluserdef2mand fluserdef3mand fluserdef4mand fluserdef5mand includeactions needsinvoice
    dontinvoice showslaonweb emailinvoice dont_auto_send_invoices monthlyreportinclude
    monthlyreportemaildirect monthlyreportemailmanager monthlyreportshowonweb
    billforrecurringprepayamount alocked excludefrominvoicesync override_portalcolour
    isarchived_xero prepayrecurringminimumdeductiononlyactive isnhserveremaildefault
    hubspot_dont_sync hubspot_archived default_team_to_salesrep_override automatic_sales_tax
    ticket_invoices_for_each_site taxable`,
  '""': `override_org_name override_org_phone override_org_email override_org_website
    override_org_portalurl thirdpartynhdapiurl xeroid defcat1 defcat2 defcat3 defcat4
    automatic_callscript_name contractaccountsdesc prepayaccountsdesc thirdpartynhdauthurl
    thirdpartynhdtenant thirdpartynhdapiclientid portalcolour portalbackgroundimageurl
    accountsfirstname accountslastname xero_tenant_name servicenowid datto_id datto_url
    qbodefaulttaxcodename kashflow_tenant_name snelstart_id default_currency_code_name
    datto_commerce_url qbo_company_name accountsbccemailaddress defaultcontractoverride_ref
    liongard_url regmanagertech_name logmanagertech_name salesreptech_name cxmleadtech_name
    portalchatprofile portalchatprofile_name kaseyaid dbc_company_name servicenow_url
    servicenow_locale servicenow_username sage_business_cloud_details_name exact_division_name
    jira_url jira_username defaultpdftemplateinvoicetickets_name
    defaultpdftemplateinvoiceorders_name defaultpdftemplateinvoicerecurring_name
    main_contact_name override_layout_name jira_webhook_username xero_tenant_id
    overridepdftemplateinvoice_name client_to_invoice_name itglue_id clientcurrency
    sentinel_subscription_id sentinel_workspace_name sentinel_resource_group_name
    sentinel_tenant_name client_to_invoice_recurring_name dbc_company_id
    sentinel_default_user_override_name accountownertech_name overridepdftemplatequote_name`,
  "[]": `custombuttons allowed_organisations faqlists popup_notes allowed_tickettypes
    allowed_category1 allowed_category2 allowed_category3 allowed_category4 billingplans
    overriding_rates chargerates areaitems external_links extratabs azure_tenants
    customer_relationship`,
  true: `all_organisations_allowed allowall_tickettypes allowall_category1 allowall_category2
    allowall_category3 allowall_category4 allowallchargerates`,
});

/** Defaults of a field definition inside a ticket type. */
export const FIELD_INFO_FILLER = filler({
  "0": `tab_id tab_sequence inputtype ordervalueby selection_field_id customextratableid defaultdate
    hint_type load_type`,
  "1": `tab_columns sql_connection_type`,
  '""': `summary hint calculation regex`,
  false: `addunknown copytochild user_searchable calendar_searchable database_lookup_auto
    copytochildonupdate showhintondetails showondetailsscreen copytorelated deleteafterclosure
    excludefromallfields inherit_ac_from_tickettype is_horizontal showoncrmnote isencrypted
    new_storage_method`,
  true: `ordervaluesalphanumerically onlyshowforagents`,
  "-1": `deleteafterclosuredays rounding`,
});

/** Defaults of a ticket type's field slot. */
export const FIELD_WRAP_FILLER = filler({
  "0": `endusernew enduserdetail technewlocation restrictupdate restrictread enduseraction`,
  "1": `seq tableid technew`,
  false: `copytochildonupdate copytochild copytorelated endusercheckboxmandatory`,
  "-1": `techtab_id`,
  '""': `techtab_name`,
});

/** Defaults of a ticket action (Actions). */
export const ACTION_FILLER = filler({
  "0": `replied_to_ticket_id replied_to_action_id created_from_ticket_id created_from_action_id
    actioncontractid actiontravelamount actionmileageamount actionbillingplanid asset_id
    asset_site agentnotificationneeded travel_surchargeid twitterid pagerdutysendstatus chatid
    action_supplier_id actionoohtime actionholidaytime actiontotaloohtime senttoapisupplierid
    senttojirasupplierid senttoservicenowsupplierid milestone_bill_id actionnonchargeamount
    actionchargeamount actionprepayhours actionprepayamount travel_chargerate actionby_user_id`,
  "1": `unread`,
  "-1": `action_contract_id timesheet_approval_status`,
  false: `actioninvoicenumber_isproject lwwarrantyreported actisreadyforprocessing labourwarranty
    reply_direct actioninformownerofaction achargetotalprocessed tweetsent senttofb
    update_children update_parent usecroverride azure_action_complete senttoinsta`,
  true: `actisbillable actreviewed _canupdate dont_do_rules dont_update_fault`,
  '""': `tweetfrom facebookid facebook_parent_id dynamicsactionid pagerdutyid facebook_from_id
    twitter_from_id instagramid instagramname instagram_parent_id instagram_from_id`,
});
