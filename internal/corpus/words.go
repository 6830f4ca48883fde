package corpus

import "strings"

// The word lists below are written for this generator. Within each list the
// more common words come first: pick draws with a bias towards the front,
// which gives the skewed word frequencies of real prose.

var nouns = strings.Fields(`
government official minister president country region border agreement
people city week year month day statement report meeting security force army
police peace conflict war crisis deal plan policy decision election vote
party leader parliament court law group side part area road village town
capital state ministry council committee commission office spokesman spokeswoman
source analyst expert observer resident family child woman man worker student
company bank market price economy budget tax trade export import oil gas energy
power pipeline supply project investment fund loan debt growth inflation rate
job wage protest rally crowd demonstration strike campaign movement opposition
coalition alliance partner neighbour mission contingent unit base post
checkpoint corridor highway bridge railway airport port route convoy shipment
aid food water fuel medicine hospital school house building shelter camp
refugee migrant evacuation return settlement territory land district province
frontier line zone perimeter ceasefire truce attack strike shelling drone
missile weapon rifle mine grenade ammunition vehicle tank aircraft helicopter
soldier officer commander general colonel guard fighter militant separatist
rebel volunteer civilian victim casualty injury death body investigation inquiry
probe case trial charge sentence verdict prison detention arrest suspect
prosecutor judge lawyer witness evidence document letter proposal draft text
treaty accord protocol framework roadmap process negotiation dialogue summit
visit trip delegation envoy ambassador embassy diplomat mediator guarantor
sanction measure step move effort initiative response reaction concern warning
threat risk danger tension escalation incident clash violation provocation
accusation claim denial message signal call appeal demand request offer
promise commitment obligation responsibility control authority administration
agency service department institute centre university organisation association
network channel newspaper website broadcaster journalist editor reporter
interview briefing conference session hearing debate discussion consultation
review assessment analysis estimate figure number share percent total average
level amount volume rise fall increase decline drop gain loss surplus deficit
industry sector farm farmer harvest crop grain livestock factory plant mine
construction contract tender license permit standard rule regulation reform
constitution referendum mandate term seat majority minority candidate voter
ballot turnout result outcome future history memory heritage culture church
monument museum festival ceremony anniversary holiday weekend morning evening
night hour minute moment period season winter spring summer autumn century
decade generation population community society citizen public nation republic
enclave exclave valley mountain river lake sea coast shore plain hill forest
field site facility station tower reservoir dam canal well reserve deposit
resource environment pollution climate weather storm flood drought fire
earthquake damage repair reconstruction recovery development infrastructure
transport traffic travel tourism tourist passenger flight ticket border
customs tariff quota currency dollar euro rouble budget spending revenue income
salary pension benefit subsidy grant donation donor charity volunteer program
programme scheme system structure mechanism model method approach strategy
vision goal target priority interest position stance view opinion sentiment
mood support backing approval criticism condemnation praise respect trust
confidence doubt fear anger frustration hope expectation surprise question
issue problem challenge obstacle barrier solution compromise concession
guarantee assurance status recognition independence sovereignty integrity
autonomy unity stability order calm routine practice tradition custom
language identity minority majority diaspora exile prisoner hostage captive
exchange release transfer handover withdrawal deployment rotation patrol
exercise drill manoeuvre operation offensive counteroffensive defence
position trench fortification outpost stronghold headquarters barracks depot
`)

// verbs are "base" or "base/past" or "base/past/participle" where the
// regular rules do not apply.
var verbs = strings.Fields(`
say/said tell/told announce report confirm deny reject accept
agree discuss meet/met hold/held call urge warn accuse blame claim insist
stress note add argue suggest propose offer demand request ask
expect plan prepare launch start begin/began/begun end complete finish
continue resume halt stop/stopped suspend block close open reopen
sign/signed ratify approve adopt pass veto amend draft review examine
investigate probe arrest detain charge sentence release free
attack/attacked strike/struck shell target hit/hit kill wound injure damage
destroy capture seize occupy control/controlled patrol/patrolled guard protect defend secure
deploy withdraw/withdrew/withdrawn send/sent move transfer deliver supply
provide receive obtain buy/bought sell/sold export import build/built
repair restore rebuild/rebuilt construct finance fund invest spend/spent
raise cut/cut increase reduce double boost lower lift ease tighten
impose extend renew expire cancel postpone delay allow permit/permitted ban/banned
prevent avoid ensure guarantee support back endorse welcome praise criticise
condemn denounce protest oppose challenge question dispute contest resist
threaten pledge promise vow commit/committed intend seek/sought try
manage fail succeed win/won lose/lost lead/led follow join leave/left
return arrive depart travel visit host invite attend address brief
inform notify publish release broadcast quote cite describe explain
clarify acknowledge admit/admitted reveal disclose discover find/found identify
estimate calculate count record register document monitor observe
track verify check inspect assess evaluate consider weigh decide
choose/chose/chosen elect appoint dismiss replace resign retire
negotiate mediate broker facilitate coordinate cooperate connect link
open/opened reach exceed surpass remain stay/stayed keep/kept hold/held
face/faced meet/met encounter tackle address resolve settle solve
grow/grew/grown rise/rose/risen fall/fell/fallen drop/dropped climb decline
`)

var adjectives = strings.Fields(`
new local regional national international foreign military political
economic senior former current recent last next major key main joint
official public private local central northern southern eastern western
previous final initial early late long short high low large small
strong weak serious significant important critical crucial urgent
humanitarian civilian diplomatic legal illegal constitutional parliamentary
presidential municipal federal provincial rural urban remote nearby
border cross-border bilateral trilateral multilateral peaceful violent
armed unarmed heavy light fresh further additional extra full partial
temporary permanent direct indirect open closed secret unnamed anonymous
independent separate common shared mutual united divided disputed contested
occupied liberated historic ancient modern traditional religious ethnic
cultural social financial commercial industrial agricultural technical
strategic tactical logistical administrative judicial criminal civil
tough harsh firm clear vague broad narrow detailed brief sharp sudden
gradual steady rapid slow quiet tense calm fragile stable unstable
difficult easy complex simple possible likely unlikely potential alleged
reported suspected confirmed unconfirmed verified false real actual
so-called self-declared de facto breakaway neighbouring rival allied
friendly hostile neutral moderate radical hardline liberal conservative
popular unpopular controversial sensitive crucial vital essential basic
annual monthly weekly daily overnight nationwide worldwide global
`)

var adverbs = strings.Fields(`
also still already now again further later recently previously earlier
currently reportedly allegedly officially publicly privately openly
repeatedly increasingly largely mostly partly fully directly immediately
quickly slowly gradually sharply strongly firmly clearly reportedly
initially eventually finally formally informally jointly separately
`)

var speechVerbs = strings.Fields(`
said said said said added noted stressed warned insisted claimed
argued stated explained wrote
`)

var titles = []string{
	"President", "Prime Minister", "Foreign Minister", "Defence Minister",
	"Interior Minister", "Deputy Foreign Minister", "Economy Minister",
	"Speaker", "Ambassador", "General", "Colonel", "Mayor", "Governor",
	"Ombudsman", "Prosecutor General", "Senator",
}

// roles are lower-case descriptions used in appositions: "X, a senior
// analyst at the Y, said".
var roles = []string{
	"a senior analyst", "a spokesperson", "a researcher", "the director",
	"a former adviser", "the head", "a deputy chair", "a senior fellow",
	"a legal expert", "the chief economist", "a board member",
}

var orgKinds = []string{
	"Ministry of Foreign Affairs", "Ministry of Defence", "Security Council",
	"Border Service", "Central Bank", "Election Commission", "Human Rights Centre",
	"Institute for Strategic Studies", "Chamber of Commerce", "Red Crescent Society",
	"Union of Journalists", "National Assembly", "Constitutional Court",
	"State Security Service", "Energy Agency", "Peace Foundation",
}

var keyNouns = []string{
	"corridor", "peace process", "ceasefire line", "border talks", "pipeline",
	"trade route", "water dispute", "prisoner exchange", "transit deal",
	"power plant", "border crossing", "peace agreement", "buffer zone",
	"road link", "mining project", "customs regime",
}

var months = []string{"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

var quantifiers = strings.Fields(`several many some two three four dozens hundreds thousands`)

var prepositions = strings.Fields(`in near along across outside inside around over after before amid despite during following without`)

var connectives = []string{
	"However", "Meanwhile", "In addition", "At the same time", "Earlier",
	"Later", "Separately", "In response", "Moreover", "Since then",
	"Last year", "This week", "On the same day", "According to officials",
}

var timePhrases = []string{
	"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
	"on Saturday", "on Sunday", "last week", "earlier this month",
	"last month", "this week", "late on Tuesday", "over the weekend",
	"earlier in the day", "in recent weeks", "last year",
}

// Syllables for made-up names of people, places and outlets.
var (
	onsets  = strings.Fields(`b d g k l m n p r s t v z br dr gr kr tr st sh ch kh zh ar el or al`)
	nuclei  = strings.Fields(`a e i o u a e o ia ai ei ou`)
	codas   = []string{"", "", "", "n", "r", "l", "s", "k", "m", "v", "t", "sh", "nd", "rt"}
	endings = []string{"ov", "ian", "ski", "enko", "dze", "li", "er", "ano", "ek", "is", "yan", "oglu", "ev", "ani"}
	places  = []string{"", "", "", "", "abad", "grad", "stan", "ovo", "ia", "burg", "shen", "ar", "ville", "ek"}
)

var outletNouns = strings.Fields(`Herald Times Post Daily Observer Monitor Tribune Courier Gazette Review Report Bulletin Chronicle Journal News Wire Voice Dispatch`)
