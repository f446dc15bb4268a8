"""Usual first names (written in lower case without accents), to tell a first name from a family name in a
greeting that gives both without capitals nor a comma (« Bonjour, Paul Durand, … »). A name that is also a usual
first name (« Martin », « Thomas ») tells nothing: such a greeting is not read, and the question asks the names."""

from __future__ import annotations

from registration.referentials import normalise

_NAMES = """
aaron abdel abdoulaye abel achille adam adel adele adeline adem adrian adriana adrien agathe agnes ahmed aicha
aida aime aimee alain alan alban albane albert alexandra alexandre alexia alexis alfred ali alia alice alicia
aline alix aliya alize allan alma aloys alyssa amadou amandine amaury amber ambre amel amelia amelie amina amine
amir amira anael anais anastasia andre andrea andree ange angel angela angele angelina angelique anis anissa anna
annabelle anne annie anouk anthony antoine antoinette antonin apolline arnaud arsene arthur astrid audrey augustin
aurele aurelie aurelien aurore axel axelle aya ayman aymeric ayoub baptiste barbara basile bastien beatrice
benedicte benjamin benoit bernadette bernard berthe bertrand bilal blanche boris brahim brice brigitte bruno
bryan camelia camille candice capucine carla carine carole caroline catherine cecile cedric celeste celia celine
chantal charles charlie charline charlotte chiara chloe christelle christian christiane christine christophe
claire clara clarisse claude claudine clemence clement clementine cloe coline colette colin come constance
corentin corinne cyril cyrille damien daniel daniele danielle dany david delphine denis denise diana diane didier
dimitri dina djibril dominique dorian dorothee dylan eden edgar edith edouard eleonore elia elias elie eliane
elina eline elisa elisabeth elise eliott ella elliot elodie eloise elsa elya emeline emilie emilien emile emma
emmanuel emmanuelle emy enzo eric erika erwan esteban estelle esther ethan etienne eugene eugenie eva evan eve
eveline evelyne ewen fabien fabienne fabrice fanny farah farid fatima fatoumata felicie felix fernand fernande
flavie flavien florence florent florian fleur francis francine franck francois francoise frederic frederique
gabin gabriel gabriela gabrielle gael gaelle gaetan garance gaspard gauthier genevieve georges georgette gerald
gerard germaine ghislaine gilbert gilles ginette gisele giulia gregoire gregory guillaume guy gwenaelle hamza
hanna hannah hawa helene helena heloise henri henriette herve hichem hind hortense hugo hugues ibrahim ilan
ilian ilyes imane imran ines irene iris isaac isabelle isaure ismael issa ivan jacqueline jacques jade jamel
james jane jason jean jeanne jeannine jennifer jeremie jeremy jerome jessica jessy joel joelle johan johanna
jonathan jordan joseph josephine josette josiane josue judith jules julia julian julie julien juliette junior
justin justine kais karima karine karl katia kelly kenza kenzo kevin khadija killian kylian lahcen laetitia lana
laura laure laurence laurent laurie lea leana leandre leane leila lena lenny leo leon leonard leonie leopold lila
lilian liliane lilou lina lisa lise livia loan loic lola lorenzo lou louane louis louisa louise louna luc luca
lucas lucie lucien lucienne lucile lucille ludivine ludovic luna lydia lylou madeleine mael maelle maelys
maeva magali mahe mahamadou malak malik malika malo manel manon manuel marc marceau marcel marcelle margaux
margot marguerite maria mariam mariama marianne marie marielle marine marion marius marthe martin martine maryam
maryse mateo mathias mathieu mathilde mathis mathys matteo matthieu maud maurice maxence maxime maximilien
maya mael mehdi melanie melina melissa melodie melvin mia michel michele micheline mickael milan milo mina
mohamed mohammed monique morgan morgane moussa muriel myriam nabil nadege nadia nadine nael naima nais nancy
nassim natacha nathalie nathan nawel neil nelly nicolas nicole nina noa noah noam noe noel noemie nolan nora
norbert nour oceane octave odette odile olga olivia olivier omar oscar ousmane owen pascal pascale patrice
patricia patrick paul paula pauline perrine philippe pierre pierrette quentin rachel rachid rafael raphael
raphaelle raymond raymonde rayan rebecca regine remi renaud rene renee richard robert robin rodolphe roger
romain romane romeo rosalie rose ruben ryan sabine sabrina sacha safia salma salome salome sami samia samir
samuel samy sandra sandrine sara sarah sebastien serge severine sylvain sylvie simon simone sofia sofiane
solene soline sonia sophie soraya stephane stephanie sullivan suzanne sylvain tanguy tatiana teo tessa theo
theodore therese thibault thibaut thierry thomas tiago timeo timothee titouan tom tony tristan ugo valentin
valentine valerie vanessa victor victoire victoria vincent violette virginie vivien wassim william xavier
yanis yann yannick yasmine yassine yohan youssef yves yvette yvonne zoe zohra
"""
FIRST_NAMES = frozenset(_NAMES.split())


def is_first_name(word: str) -> bool:
    """« Paul », « Léa », « Jean-Pierre » (each part a usual first name)."""
    parts = normalise(word).replace(" ", "-").split("-")
    return bool(parts) and all(part in FIRST_NAMES for part in parts if part)
