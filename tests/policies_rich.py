"""Small policies in the new model for tests: a minimal one, and a rich one with every construct
(legal bases beyond art. 6, laws, data subjects, recipients and transfers, every retention form,
prose with lists, free sections, joint controllers, a representative). Fictional, written for tests."""

from __future__ import annotations

MINIMAL = """\
languages: [no, en]
version: "1.0"
effective_date: 2026-11-01
title: {no: Personvern, en: Privacy}
controller:
  name: Sangkoret Lyse Toner
  email: styret@example.no
data_categories:
  items:
    - id: contact
      name: {no: Navn og e-post, en: Name and e-mail}
purposes:
  items:
    - id: membership
      title: {no: Medlemskap, en: Membership}
      description: {no: Vi holder oversikt over medlemmene., en: We keep track of our members.}
      data_categories: [contact]
      legal_bases: [art6-1-b]
retention:
  rules:
    - id: members
      subject: {no: Medlemsopplysninger, en: Member details}
      purposes: [membership]
      until: membership-ends
"""

RICH = """\
languages: [no, en]
version: "2.0"
effective_date: 2026-11-01
site:
  name: {no: Helsestasjonen, en: The Health Station}
  url: https://personvern.example.no/
title: {no: Personvernerklæring, en: Privacy policy}
introduction:
  - no: Denne erklæringen gjelder helsestasjonens app.
    en: This statement covers the health station's app.
  - list:
      - {no: Første punkt i innledningen., en: First point of the introduction.}
      - {no: Andre punkt i innledningen., en: Second point of the introduction.}
controller:
  name: {no: Fjellby kommune, en: Fjellby Municipality}
  organisation_number: "999 888 777"
  country: NO
  address:
    street: Rådhusgata 1
    postcode: "9999"
    city: Fjellby
  phone: 22 33 44 55
  web_form: https://www.example.no/kontakt
representative:
  name: Eksempel Representant GmbH
  email: representative@example.org
data_protection_officer:
  email: personvernombud@example.no
  address:
    street: Postboks 10
    postcode: "9999"
    city: Fjellby
joint_controllers:
  items:
    - id: county
      name: {no: Fjellby fylke, en: Fjellby County}
      email: post@fylke.example.no
      responsibility:
        no: Fylket har ansvaret for vaksinasjonsregisteret.
        en: The county is responsible for the vaccination register.
      purposes: [treatment]
  contact_point: controller
data_subjects:
  items:
    - id: youths
      name: {no: Ungdommer, en: Young people}
      minimum_age: 13
    - id: guardians
      name: {no: Foresatte, en: Guardians}
data_categories:
  items:
    - id: name
      name: {no: Navn, en: Name}
      data_subjects: [youths, guardians]
    - id: health
      name: {no: Helseopplysninger, en: Health information}
      sensitive: art9
      data_subjects: [youths]
    - id: chat
      name: {no: Chatmeldinger, en: Chat messages}
laws:
  - id: patient-records-act-6
    name: {no: pasientjournalloven, en: the Patient Records Act}
    section: "§ 6"
    url: https://lovdata.no/lov/2014-06-20-42/§6
  - id: bookkeeping-act-13
    name: {no: bokføringsloven, en: the Bookkeeping Act}
    section: "§ 13"
purposes:
  items:
    - id: treatment
      title: {no: Helsehjelp, en: Health care}
      description:
        - no: Vi gir deg helsehjelp gjennom appen, jf. {patient-records-act-6}.
          en: We give you health care through the app, cf. {patient-records-act-6}.
        - list:
            - {no: Timebestilling, en: Booking appointments}
            - {no: Samtaler med helsesykepleier, en: Talks with the public health nurse}
      data_categories: [name, health]
      data_subjects: [youths, guardians]
      legal_bases:
        - art6-1-e
        - art9-2-h
        - patient-records-act-6
        - basis: art6-1-a
          data_subjects: [guardians]
      consent_withdrawal: {no: Skriv til oss i appen., en: Write to us in the app.}
    - id: chat
      title: {no: Chat, en: Chat}
      description: {no: Du kan chatte med oss., en: You can chat with us.}
      data_categories: [chat, name]
      legal_bases: [art6-1-e, patient-records-act-6]
retention:
  events:
    - id: chat-closed
      text: {no: chatten er lukket, en: the chat is closed}
  rules:
    - id: journal
      subject: {no: Journalen din, en: Your record}
      singular: true
      data_categories: [health]
      period: 10 years
      after: service-stops
      law: patient-records-act-6
    - id: names
      subject: {no: Navn, en: Names}
      data_categories: [name]
      period: 30 days
    - id: chats
      subject: {no: Chatmeldinger, en: Chat messages}
      purposes: [chat]
      until: 2026-12-01
      then: anonymised
    - id: invoices
      subject: {no: Fakturaer, en: Invoices}
      period: at least 5 years
      after: accounting-year-ends
      law: bookkeeping-act-13
    - id: feedback
      subject: {no: Tilbakemeldinger, en: Feedback}
      criteria: {no: Vi sletter dem når saken er fulgt opp., en: We delete them once the matter is followed up.}
    - id: calls
      subject: {no: Telefonsamtaler, en: Phone calls}
      period: not stored
    - id: chat-logs
      subject: {no: Chattelogger, en: Chat logs}
      until: chat-closed
sharing:
  statements:
    - id: never-sold
      text: {no: Vi selger aldri opplysninger., en: We never sell data.}
recipients:
  items:
    - id: it-norway
      name: Driftspartner AS
      role: processor
      countries: [NO]
      description: {no: Drifter appen., en: Runs the app.}
      data_categories: [name, chat]
    - id: cloud-ireland
      name: Example Cloud Ireland Ltd
      role: processor
      countries: [IE]
    - id: sms-usa
      name: Example SMS Inc.
      role: processor
      countries: [US]
      safeguard: standard-contractual-clauses
      safeguard_text: {no: Be oss om en kopi., en: Ask us for a copy.}
    - id: police
      name: {no: politiet, en: the police}
      role: public-authority
      countries: [NO]
      legal_bases: [art6-1-c]
sections:
  - id: cookies
    heading: {no: Informasjonskapsler, en: Cookies}
    text: {no: Appen bruker ingen informasjonskapsler., en: The app uses no cookies.}
    after: sharing
  - id: security
    heading: {no: Sikkerhet, en: Security}
    text: {no: Vi krypterer alt., en: We encrypt everything.}
    after: cookies
rights:
  items:
    - right: access
    - right: rectification
    - right: erasure
    - right: restriction
    - right: objection
    - right: portability
complaint:
  text: {no: Du kan klage til Datatilsynet., en: You can complain to the Norwegian Data Protection Authority.}
  authority: {no: Datatilsynet, en: The Norwegian Data Protection Authority}
  website: https://www.datatilsynet.no/
history:
  - version: "2.0"
    date: 2026-11-01
    summary: {no: Ny app., en: New app.}
  - version: "1.0"
    date: 2025-01-01
    summary: {no: Første versjon., en: First version.}
"""
